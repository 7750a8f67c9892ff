import { CronExpressionParser } from 'cron-parser';

/**
 * Cron schedules as Kubernetes reads a CronJob's spec.schedule.
 *
 * Kubernetes parses schedules with robfig/cron v3's ParseStandard (kubernetes
 * pkg/apis/batch/validation/validation.go, validateScheduleFormat): five fields — minute 0-59,
 * hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT (names in any
 * case) — each a list of `*`, `?`, values, ranges and `/steps` (a step of 0 is an error), or one of
 * the descriptors @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and
 * `@every <duration>`. It has no seconds field and none of L, W and #, which cron-parser accepts;
 * those are refused here first, then cron-parser checks each field's values, ranges and steps, and
 * whether the expression ever fires (February 31st never does).
 */
const FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A duration as Go's time.ParseDuration reads it, for @every. */
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

const EXAMPLE = 'e.g. "5 4 * * *" (04:05 every day), "0 3 * * MON" or @daily';

/** Why Kubernetes would refuse `schedule`, or undefined when it accepts it. */
export function cronProblem(schedule: string): string | undefined {
  if (/^(CRON_)?TZ=/.test(schedule)) return 'must not name a time zone (TZ=…): the environment\'s timeZone applies to every schedule';
  if (schedule.startsWith('@')) return descriptorProblem(schedule);
  const fields = schedule.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) {
    return `has ${fields.length} field${fields.length === 1 ? '' : 's'}; Kubernetes reads five (minute, hour, day of month, month, day of week), ${EXAMPLE}`;
  }
  for (const [index, field] of fields.entries()) {
    const problem = fieldProblem(index, field);
    if (problem) return `${FIELDS[index]} "${field}": ${problem}`;
  }
  try {
    CronExpressionParser.parse(fields.join(' '));
  } catch (error) {
    return `never runs: ${/day of month/.test((error as Error).message) ? 'no month it names has that day' : (error as Error).message}`;
  }
  return undefined;
}

function descriptorProblem(schedule: string): string | undefined {
  if (DESCRIPTORS[schedule]) return undefined;
  const every = /^@every (.+)$/.exec(schedule);
  if (every) return GO_DURATION.test(every[1]) ? undefined : `"${every[1]}" is not a duration such as 90m or 1h30m`;
  return `is not a descriptor Kubernetes knows: ${Object.keys(DESCRIPTORS).join(', ')} or @every <duration>`;
}

/** Checks one field alone (the others `*`), so the message can name it. */
function fieldProblem(index: number, field: string): string | undefined {
  if (/[LW#]/i.test(field.replace(/[a-z]{3}/gi, (name) => (isName(index, name) ? '' : name)))) {
    return 'L, W and # are not supported by Kubernetes\' cron';
  }
  const values = field.split(',').flatMap((part) => part.split('/')[0].split('-'));
  if (index === 4 && values.some((value) => /^[0-9]+$/.test(value) && Number(value) > 6)) {
    return 'days of the week are 0 (Sunday) to 6 (Saturday) in Kubernetes; write 0 for Sunday';
  }
  if (values.some((value) => value === '' && field.includes('-'))) return 'values may not be negative';
  const expression = FIELDS.map((_, i) => (i === index ? field : '*')).join(' ');
  try {
    CronExpressionParser.parse(expression);
  } catch (error) {
    return plain(index, (error as Error).message);
  }
  return undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function isName(index: number, name: string): boolean {
  const names = index === 3 ? MONTHS : index === 4 ? DAYS : [];
  return names.includes(name.toUpperCase());
}

/** cron-parser's messages, said plainly. */
function plain(index: number, message: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/got (?:value|range) (\S+) expected range (\S+)/, (m) => `${m[1]} is outside ${m[2]}`],
    [/cannot repeat at every 0 time/, () => 'a step of 0 never advances; use 1 or more'],
    [/Invalid list value format/, () => 'a list has an empty item'],
    [/cannot resolve alias "(.*)"/, (m) => `"${m[1]}" is not ${index === 3 ? 'a month name (JAN-DEC)' : index === 4 ? 'a day name (SUN-SAT)' : 'a number'}`],
    [/Invalid range: (\S+), min/, (m) => `the range ${m[1]} goes from high to low`],
    [/Invalid characters, got value: (.*)/, (m) => `"${m[1]}" is not a value, a range, * or a /step`],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return message.replace(/^(Constraint|Validation) error, /, '');
}
