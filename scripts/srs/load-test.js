// k6 load test of the SRS backend, as the seed's performance test: VUS virtual users, each sending
// one sample per sensor type every INTERVAL_MS for DURATION. Results go to InfluxDB (--out) and
// show in Chronograf. Settings come from the environment of the Kubernetes Job.
import http from 'k6/http';
import { check, sleep } from 'k6';

const sensorTypes = JSON.parse(__ENV.SENSOR_TYPES);

export const options = {
  vus: Number(__ENV.VUS),
  duration: __ENV.DURATION,
  thresholds: { http_req_failed: ['rate<0.01'] },
};

export default function () {
  for (const type of sensorTypes) {
    const response = http.post(
      __ENV.TARGET_URL,
      JSON.stringify({ sensor_type: type, timestamp: new Date().toISOString(), value: Math.random(), load_test: true }),
      { headers: { 'Content-Type': 'application/json' }, tags: { sensor_type: type } },
    );
    check(response, { 'accepted': (r) => r.status >= 200 && r.status < 300 });
  }
  sleep(Number(__ENV.INTERVAL_MS) / 1000);
}
