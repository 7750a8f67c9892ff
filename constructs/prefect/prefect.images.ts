/**
 * Image contracts for Prefect (server and Kubernetes worker), read upstream at the pinned version.
 * Upstream: PrefectHQ/prefect tag 3.7.2 (commit 5836855ecd0a9924117d212bad5308a8a89ab97d),
 * prefect-kubernetes tag prefect-kubernetes-0.7.9 (commit e7e62aee5cf5e1df1c1dd27c3a969fd8642494f9; see the
 * worker contract for why 0.7.9), PrefectHQ/prefect-helm tag 2026.5.23002106 (commit 4ea92e4150c489e7eb5ec58bc0c264ae4506bb73).
 */
import { ImageContract, ImageContractSpec, Sourced, sourceIn } from '../image-contract';

const at = sourceIn('PrefectHQ/prefect', '3.7.2');
const k8s = sourceIn('PrefectHQ/prefect', 'prefect-kubernetes-0.7.9');
const helm = sourceIn('PrefectHQ/prefect-helm', '2026.5.23002106');
const K8S = 'src/integrations/prefect-kubernetes/prefect_kubernetes';

/** Every environment variable name the root `Settings` model accepts at 3.7.2 (env_prefix names and AliasChoices aliases). */
export const PREFECT_SETTINGS_NAMES: readonly string[] = [
  'PREFECT_API_AUTH_STRING', 'PREFECT_API_BLOCKS_REGISTER_ON_START', 'PREFECT_API_DATABASE_CONNECTION_TIMEOUT',
  'PREFECT_API_DATABASE_CONNECTION_URL', 'PREFECT_API_DATABASE_DRIVER', 'PREFECT_API_DATABASE_ECHO',
  'PREFECT_API_DATABASE_HOST', 'PREFECT_API_DATABASE_MIGRATE_ON_START', 'PREFECT_API_DATABASE_NAME',
  'PREFECT_API_DATABASE_PASSWORD', 'PREFECT_API_DATABASE_PORT', 'PREFECT_API_DATABASE_TIMEOUT',
  'PREFECT_API_DATABASE_USER', 'PREFECT_API_DEFAULT_LIMIT', 'PREFECT_API_ENABLE_HTTP2', 'PREFECT_API_ENABLE_METRICS',
  'PREFECT_API_EVENTS_RELATED_RESOURCE_CACHE_TTL', 'PREFECT_API_EVENTS_STREAM_OUT_ENABLED', 'PREFECT_API_KEY',
  'PREFECT_API_LOG_RETRYABLE_ERRORS', 'PREFECT_API_MAX_FLOW_RUN_GRAPH_ARTIFACTS',
  'PREFECT_API_MAX_FLOW_RUN_GRAPH_NODES', 'PREFECT_API_REQUEST_TIMEOUT',
  'PREFECT_API_SERVICES_CANCELLATION_CLEANUP_ENABLED', 'PREFECT_API_SERVICES_CANCELLATION_CLEANUP_LOOP_SECONDS',
  'PREFECT_API_SERVICES_EVENT_LOGGER_ENABLED', 'PREFECT_API_SERVICES_EVENT_PERSISTER_BATCH_SIZE',
  'PREFECT_API_SERVICES_EVENT_PERSISTER_ENABLED', 'PREFECT_API_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL',
  'PREFECT_API_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE',
  'PREFECT_API_SERVICES_FOREMAN_DEPLOYMENT_LAST_POLLED_TIMEOUT_SECONDS', 'PREFECT_API_SERVICES_FOREMAN_ENABLED',
  'PREFECT_API_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS',
  'PREFECT_API_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE', 'PREFECT_API_SERVICES_FOREMAN_LOOP_SECONDS',
  'PREFECT_API_SERVICES_FOREMAN_WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS',
  'PREFECT_API_SERVICES_LATE_RUNS_AFTER_SECONDS', 'PREFECT_API_SERVICES_LATE_RUNS_ENABLED',
  'PREFECT_API_SERVICES_LATE_RUNS_LOOP_SECONDS', 'PREFECT_API_SERVICES_PAUSE_EXPIRATIONS_ENABLED',
  'PREFECT_API_SERVICES_PAUSE_EXPIRATIONS_LOOP_SECONDS', 'PREFECT_API_SERVICES_SCHEDULER_DEPLOYMENT_BATCH_SIZE',
  'PREFECT_API_SERVICES_SCHEDULER_ENABLED', 'PREFECT_API_SERVICES_SCHEDULER_INSERT_BATCH_SIZE',
  'PREFECT_API_SERVICES_SCHEDULER_LOOP_SECONDS', 'PREFECT_API_SERVICES_SCHEDULER_MAX_RUNS',
  'PREFECT_API_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME', 'PREFECT_API_SERVICES_SCHEDULER_MIN_RUNS',
  'PREFECT_API_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME', 'PREFECT_API_SERVICES_TASK_RUN_RECORDER_ENABLED',
  'PREFECT_API_SERVICES_TRIGGERS_ENABLED', 'PREFECT_API_SSL_CERT_FILE', 'PREFECT_API_TASK_CACHE_KEY_MAX_LENGTH',
  'PREFECT_API_TLS_INSECURE_SKIP_VERIFY', 'PREFECT_API_URL', 'PREFECT_CLIENT_CSRF_SUPPORT_ENABLED',
  'PREFECT_CLIENT_CUSTOM_HEADERS', 'PREFECT_CLIENT_ENABLE_METRICS', 'PREFECT_CLIENT_MAX_RETRIES',
  'PREFECT_CLIENT_METRICS_ENABLED', 'PREFECT_CLIENT_METRICS_PORT', 'PREFECT_CLIENT_RETRY_EXTRA_CODES',
  'PREFECT_CLIENT_RETRY_JITTER_FACTOR', 'PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED', 'PREFECT_CLI_COLORS',
  'PREFECT_CLI_PROMPT', 'PREFECT_CLI_WRAP_LINES', 'PREFECT_CLOUD_API_URL',
  'PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY', 'PREFECT_CLOUD_MAX_LOG_SIZE', 'PREFECT_CLOUD_UI_URL',
  'PREFECT_DEBUG_MODE', 'PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE', 'PREFECT_DEFAULT_RESULT_STORAGE_BLOCK',
  'PREFECT_DEFAULT_WORK_POOL_NAME', 'PREFECT_DEPLOYMENTS_DEFAULT_DOCKER_BUILD_NAMESPACE',
  'PREFECT_DEPLOYMENTS_DEFAULT_WORK_POOL_NAME', 'PREFECT_DEPLOYMENT_CONCURRENCY_SLOT_WAIT_SECONDS',
  'PREFECT_DEPLOYMENT_SCHEDULE_MAX_SCHEDULED_RUNS', 'PREFECT_EVENTS_EXPIRED_BUCKET_BUFFER',
  'PREFECT_EVENTS_MAXIMUM_LABELS_PER_RESOURCE', 'PREFECT_EVENTS_MAXIMUM_RELATED_RESOURCES',
  'PREFECT_EVENTS_MAXIMUM_SIZE_BYTES', 'PREFECT_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL',
  'PREFECT_EVENTS_PROACTIVE_GRANULARITY', 'PREFECT_EVENTS_RETENTION_PERIOD',
  'PREFECT_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE', 'PREFECT_EVENTS_WORKER_MAX_QUEUE_SIZE', 'PREFECT_EXPERIMENTAL_WARN',
  'PREFECT_EXPERIMENTS_PLUGINS_ALLOW', 'PREFECT_EXPERIMENTS_PLUGINS_DENY', 'PREFECT_EXPERIMENTS_PLUGINS_ENABLED',
  'PREFECT_EXPERIMENTS_PLUGINS_SAFE_MODE', 'PREFECT_EXPERIMENTS_PLUGINS_SETUP_TIMEOUT_SECONDS',
  'PREFECT_EXPERIMENTS_PLUGINS_STRICT', 'PREFECT_EXPERIMENTS_WARN', 'PREFECT_FLOWS_DEFAULT_RETRIES',
  'PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS', 'PREFECT_FLOWS_HEARTBEAT_FREQUENCY', 'PREFECT_FLOW_DEFAULT_RETRIES',
  'PREFECT_FLOW_DEFAULT_RETRY_DELAY_SECONDS', 'PREFECT_HOME', 'PREFECT_INTERNAL_LOGGING_LEVEL',
  'PREFECT_LOCAL_STORAGE_PATH', 'PREFECT_LOGGING_COLORS', 'PREFECT_LOGGING_CONFIG_PATH',
  'PREFECT_LOGGING_EXTRA_LOGGERS', 'PREFECT_LOGGING_INTERNAL_LEVEL', 'PREFECT_LOGGING_LEVEL',
  'PREFECT_LOGGING_LOG_PRINTS', 'PREFECT_LOGGING_MARKUP', 'PREFECT_LOGGING_SERVER_LEVEL',
  'PREFECT_LOGGING_SETTINGS_PATH', 'PREFECT_LOGGING_TO_API_BATCH_INTERVAL', 'PREFECT_LOGGING_TO_API_BATCH_SIZE',
  'PREFECT_LOGGING_TO_API_ENABLED', 'PREFECT_LOGGING_TO_API_MAX_LOG_SIZE',
  'PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW', 'PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION', 'PREFECT_MEMO_STORE_PATH',
  'PREFECT_MESSAGING_BROKER', 'PREFECT_MESSAGING_CACHE', 'PREFECT_PLUGINS_ALLOW', 'PREFECT_PLUGINS_DENY',
  'PREFECT_PLUGINS_ENABLED', 'PREFECT_PLUGINS_SAFE_MODE', 'PREFECT_PLUGINS_SETUP_TIMEOUT_SECONDS',
  'PREFECT_PLUGINS_STRICT', 'PREFECT_PROFILES_PATH', 'PREFECT_RESULTS_DEFAULT_SERIALIZER',
  'PREFECT_RESULTS_DEFAULT_STORAGE_BLOCK', 'PREFECT_RESULTS_LOCAL_STORAGE_PATH',
  'PREFECT_RESULTS_PERSIST_BY_DEFAULT', 'PREFECT_RUNNER_CRASH_ON_CANCELLATION_FAILURE',
  'PREFECT_RUNNER_HEARTBEAT_FREQUENCY', 'PREFECT_RUNNER_POLL_FREQUENCY', 'PREFECT_RUNNER_PROCESS_LIMIT',
  'PREFECT_RUNNER_SERVER_ENABLE', 'PREFECT_RUNNER_SERVER_HOST', 'PREFECT_RUNNER_SERVER_LOG_LEVEL',
  'PREFECT_RUNNER_SERVER_MISSED_POLLS_TOLERANCE', 'PREFECT_RUNNER_SERVER_PORT',
  'PREFECT_SERVER_ALLOW_EPHEMERAL_MODE', 'PREFECT_SERVER_ANALYTICS_ENABLED', 'PREFECT_SERVER_API_AUTH_STRING',
  'PREFECT_SERVER_API_BASE_PATH', 'PREFECT_SERVER_API_CORS_ALLOWED_HEADERS',
  'PREFECT_SERVER_API_CORS_ALLOWED_METHODS', 'PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS',
  'PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED', 'PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION',
  'PREFECT_SERVER_API_DEFAULT_LIMIT', 'PREFECT_SERVER_API_HOST', 'PREFECT_SERVER_API_KEEPALIVE_TIMEOUT',
  'PREFECT_SERVER_API_MAX_PARAMETER_SIZE', 'PREFECT_SERVER_API_PORT',
  'PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION', 'PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE',
  'PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS', 'PREFECT_SERVER_CORS_ALLOWED_HEADERS',
  'PREFECT_SERVER_CORS_ALLOWED_METHODS', 'PREFECT_SERVER_CORS_ALLOWED_ORIGINS',
  'PREFECT_SERVER_CSRF_PROTECTION_ENABLED', 'PREFECT_SERVER_CSRF_TOKEN_EXPIRATION',
  'PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT', 'PREFECT_SERVER_DATABASE_CONNECTION_URL',
  'PREFECT_SERVER_DATABASE_DRIVER', 'PREFECT_SERVER_DATABASE_ECHO', 'PREFECT_SERVER_DATABASE_HOST',
  'PREFECT_SERVER_DATABASE_MIGRATE_ON_START', 'PREFECT_SERVER_DATABASE_NAME', 'PREFECT_SERVER_DATABASE_PASSWORD',
  'PREFECT_SERVER_DATABASE_PORT', 'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_APPLICATION_NAME',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_PREPARED_STATEMENT_CACHE_SIZE',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_SEARCH_PATH',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_STATEMENT_CACHE_SIZE',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_TLS_CA_FILE',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_TLS_CERT_FILE',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_TLS_CHECK_HOSTNAME',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_TLS_ENABLED',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_TLS_KEY_FILE', 'PREFECT_SERVER_DATABASE_SQLALCHEMY_MAX_OVERFLOW',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_RECYCLE', 'PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE',
  'PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT', 'PREFECT_SERVER_DATABASE_TIMEOUT',
  'PREFECT_SERVER_DATABASE_USER', 'PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS',
  'PREFECT_SERVER_DEPLOYMENT_SCHEDULE_MAX_SCHEDULED_RUNS', 'PREFECT_SERVER_DOCKET_NAME', 'PREFECT_SERVER_DOCKET_URL',
  'PREFECT_SERVER_EPHEMERAL_ENABLED', 'PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS',
  'PREFECT_SERVER_EVENTS_CAUSAL_ORDERING', 'PREFECT_SERVER_EVENTS_EXPIRED_BUCKET_BUFFER',
  'PREFECT_SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH', 'PREFECT_SERVER_EVENTS_MAXIMUM_LABELS_PER_RESOURCE',
  'PREFECT_SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES', 'PREFECT_SERVER_EVENTS_MAXIMUM_SIZE_BYTES',
  'PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL', 'PREFECT_SERVER_EVENTS_MESSAGING_BROKER',
  'PREFECT_SERVER_EVENTS_MESSAGING_CACHE', 'PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY',
  'PREFECT_SERVER_EVENTS_RELATED_RESOURCE_CACHE_TTL', 'PREFECT_SERVER_EVENTS_RETENTION_PERIOD',
  'PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED', 'PREFECT_SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE',
  'PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_ARTIFACTS', 'PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_NODES',
  'PREFECT_SERVER_LOGGING_LEVEL', 'PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED',
  'PREFECT_SERVER_LOGS_STREAM_PUBLISHING_ENABLED', 'PREFECT_SERVER_LOG_RETRYABLE_ERRORS',
  'PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION', 'PREFECT_SERVER_MEMO_STORE_PATH',
  'PREFECT_SERVER_METRICS_ENABLED', 'PREFECT_SERVER_REGISTER_BLOCKS_ON_START',
  'PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED',
  'PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_LOOP_SECONDS', 'PREFECT_SERVER_SERVICES_DB_VACUUM_BATCH_SIZE',
  'PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED', 'PREFECT_SERVER_SERVICES_DB_VACUUM_EVENT_RETENTION_OVERRIDES',
  'PREFECT_SERVER_SERVICES_DB_VACUUM_LOOP_SECONDS', 'PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD',
  'PREFECT_SERVER_SERVICES_EVENT_LOGGER_ENABLED', 'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE',
  'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED', 'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL',
  'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_MAX_FLUSH_RETRIES',
  'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_QUEUE_MAX_SIZE',
  'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE',
  'PREFECT_SERVER_SERVICES_FOREMAN_DEPLOYMENT_LAST_POLLED_TIMEOUT_SECONDS',
  'PREFECT_SERVER_SERVICES_FOREMAN_ENABLED', 'PREFECT_SERVER_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS',
  'PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE', 'PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS',
  'PREFECT_SERVER_SERVICES_FOREMAN_WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS',
  'PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS', 'PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED',
  'PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS', 'PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED',
  'PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_LOOP_SECONDS', 'PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED',
  'PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS', 'PREFECT_SERVER_SERVICES_SCHEDULER_DEPLOYMENT_BATCH_SIZE',
  'PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED', 'PREFECT_SERVER_SERVICES_SCHEDULER_INSERT_BATCH_SIZE',
  'PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS', 'PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS',
  'PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME', 'PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS',
  'PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME',
  'PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS',
  'PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE', 'PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED',
  'PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL',
  'PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE', 'PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED',
  'PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_HEARTBEAT_INTERVAL_SECONDS',
  'PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_RECONNECT_INTERVAL_SECONDS',
  'PREFECT_SERVER_SERVICES_TRIGGERS_READ_BATCH_SIZE', 'PREFECT_SERVER_TASKS_MAX_CACHE_KEY_LENGTH',
  'PREFECT_SERVER_TASKS_SCHEDULING_MAX_RETRY_QUEUE_SIZE', 'PREFECT_SERVER_TASKS_SCHEDULING_MAX_SCHEDULED_QUEUE_SIZE',
  'PREFECT_SERVER_TASKS_SCHEDULING_PENDING_TASK_TIMEOUT', 'PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS',
  'PREFECT_SERVER_UI_API_URL', 'PREFECT_SERVER_UI_ENABLED', 'PREFECT_SERVER_UI_SERVE_BASE',
  'PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT', 'PREFECT_SERVER_UI_STATIC_DIRECTORY', 'PREFECT_SERVER_UI_V2_ENABLED',
  'PREFECT_SILENCE_API_URL_MISCONFIGURATION', 'PREFECT_SQLALCHEMY_MAX_OVERFLOW', 'PREFECT_SQLALCHEMY_POOL_SIZE',
  'PREFECT_TASKS_DEFAULT_NO_CACHE', 'PREFECT_TASKS_DEFAULT_PERSIST_RESULT', 'PREFECT_TASKS_DEFAULT_RETRIES',
  'PREFECT_TASKS_DEFAULT_RETRY_DELAY_SECONDS', 'PREFECT_TASKS_DISABLE_CACHING', 'PREFECT_TASKS_REFRESH_CACHE',
  'PREFECT_TASKS_RUNNER_PROCESS_POOL_MAX_WORKERS', 'PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS',
  'PREFECT_TASKS_SCHEDULING_DEFAULT_STORAGE_BLOCK', 'PREFECT_TASKS_SCHEDULING_DELETE_FAILED_SUBMISSIONS',
  'PREFECT_TASK_DEFAULT_RETRIES', 'PREFECT_TASK_DEFAULT_RETRY_DELAY_SECONDS',
  'PREFECT_TASK_RUNNER_THREAD_POOL_MAX_WORKERS', 'PREFECT_TASK_RUN_TAG_CONCURRENCY_SLOT_WAIT_SECONDS',
  'PREFECT_TASK_SCHEDULING_DEFAULT_STORAGE_BLOCK', 'PREFECT_TASK_SCHEDULING_DELETE_FAILED_SUBMISSIONS',
  'PREFECT_TASK_SCHEDULING_MAX_RETRY_QUEUE_SIZE', 'PREFECT_TASK_SCHEDULING_MAX_SCHEDULED_QUEUE_SIZE',
  'PREFECT_TASK_SCHEDULING_PENDING_TASK_TIMEOUT', 'PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS',
  'PREFECT_TELEMETRY_RESOURCE_METRICS_INTERVAL_SECONDS', 'PREFECT_TESTING_TEST_MODE', 'PREFECT_TESTING_TEST_SETTING',
  'PREFECT_TESTING_UNIT_TEST_LOOP_DEBUG', 'PREFECT_TESTING_UNIT_TEST_MODE', 'PREFECT_TEST_MODE',
  'PREFECT_TEST_SETTING', 'PREFECT_UI_API_URL', 'PREFECT_UI_ENABLED', 'PREFECT_UI_SERVE_BASE',
  'PREFECT_UI_STATIC_DIRECTORY', 'PREFECT_UI_URL', 'PREFECT_UNIT_TEST_LOOP_DEBUG', 'PREFECT_UNIT_TEST_MODE',
  'PREFECT_WORKER_CANCELLATION_POLL_SECONDS', 'PREFECT_WORKER_DEBUG_MODE', 'PREFECT_WORKER_ENABLE_CANCELLATION',
  'PREFECT_WORKER_HEARTBEAT_SECONDS', 'PREFECT_WORKER_PREFETCH_SECONDS', 'PREFECT_WORKER_QUERY_SECONDS',
  'PREFECT_WORKER_WEBSERVER_HOST', 'PREFECT_WORKER_WEBSERVER_PORT',
];

/** The names prefect-kubernetes 0.7.9 adds (KubernetesSettings and its nested models). */
export const PREFECT_KUBERNETES_SETTINGS_NAMES: readonly string[] = [
  'PREFECT_INTEGRATIONS_KUBERNETES_CLUSTER_UID', 'PREFECT_KUBERNETES_CLUSTER_UID',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_KEY_SECRET_NAME',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_KEY_SECRET_KEY',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_SECRET_NAME',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_SECRET_KEY',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_CREATE_SECRET_FOR_API_KEY',
  'PREFECT_KUBERNETES_WORKER_STORE_PREFECT_API_IN_SECRET',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_ADD_TCP_KEEPALIVE', 'PREFECT_KUBERNETES_WORKER_ADD_TCP_KEEPALIVE',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_CREATE_JOB_RETRY_MAX_RETRIES',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_CREATE_JOB_RETRY_DELAY_SECONDS',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_CREATE_JOB_RETRY_JITTER_MIN_SECONDS',
  'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_CREATE_JOB_RETRY_JITTER_MAX_SECONDS',
  'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_ENABLED',
  'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_REPLICATE_POD_EVENTS',
  'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_NAMESPACES',
  'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_ADDITIONAL_LABEL_FILTERS',
  'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_STARTUP_EVENT_CONCURRENCY',
  'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_FORWARD_CRASHED_RUN_LOGS',
  'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_FORWARD_CRASHED_RUN_LOGS_TAIL_LINES',
];

const settingsSource: Sourced = {
  source: [at('schemas/settings.schema.json'), at('src/prefect/settings/base.py', 'L231-262 _add_environment_variables, build_settings_config')],
  note:
    'All "supported_environment_variables" of schemas/settings.schema.json (generated from Settings by scripts/generate_settings_schema.py; ' +
    'regenerated by the pre-commit generation scripts). Each is env_prefix + field name, or, for fields with validation_alias, the ' +
    'AliasChoices string aliases (legacy names included). Cross-checked against an AST read of src/prefect/settings/models/**: identical. ' +
    'Models use extra="ignore": unknown PREFECT_* names are silently ignored (no error, no warning).',
};

/** The Prefect CLI (cyclopts, not typer, at 3.7.2): identical in both images and in every image built FROM prefecthq/prefect. */
const CLI_NOTE =
  'Parser: cyclopts (src/prefect/cli/_app.py). Boolean options also accept the cyclopts-generated negative --no-<name> unless ' +
  'the source sets negative="" (listed here where it applies); list options accept the generated --empty-<name>. --help on every command.';
export const PREFECT_PROGRAMS = [
  {
    command: 'prefect',
    flags: ['--profile', '-p', '--prompt', '--no-prompt', '--help'],
    positional: true,
    source: at('src/prefect/cli/_app.py', 'L40-55 _root_callback; L113 -p rewritten to --profile before the command'),
    note: 'Session options come before the command: `prefect --no-prompt deploy ...`. ' + CLI_NOTE,
  },
  {
    command: 'prefect server start',
    flags: [
      '--host', '--port', '--keep-alive-timeout', '--log-level', '--scheduler', '--no-scheduler', '--analytics-on', '--analytics-off',
      '--late-runs', '--no-late-runs', '--ui', '--no-ui', '--no-services', '--background', '-b', '--no-background', '--workers', '--help',
    ],
    source: at('src/prefect/cli/server.py', 'L45-245 start'),
    note: 'Keyword-only options. Defaults come from PREFECT_SERVER_API_HOST (127.0.0.1), PREFECT_SERVER_API_PORT (4200), ' +
      'PREFECT_SERVER_API_KEEPALIVE_TIMEOUT, PREFECT_SERVER_LOGGING_LEVEL, PREFECT_SERVER_ANALYTICS_ENABLED, PREFECT_UI_ENABLED. ' +
      'Foreground mode runs uvicorn in-process (src/prefect/cli/_server_utils.py L317-361): no PID file, nothing written to the CWD. ' + CLI_NOTE,
  },
  {
    command: 'prefect worker start',
    flags: [
      '--name', '-n', '--pool', '-p', '--work-queue', '-q', '--empty-work-queue', '--type', '-t', '--prefetch-seconds', '--run-once',
      '--no-run-once', '--limit', '-l', '--with-healthcheck', '--no-with-healthcheck', '--install-policy', '--base-job-template',
      '--create-pool-if-not-found', '--no-create-pool-if-not-found', '--help',
    ],
    source: at('src/prefect/cli/worker.py', 'L34-115 start'),
    note: '--pool is required when not interactive (exit "Missing required option \'--pool\'"). --install-policy: always | if-not-present | ' +
      'never | prompt (default prompt: no install when not interactive). --base-job-template is a JSON file read at start and used ONLY when ' +
      'the worker creates a missing pool (src/prefect/workers/_worker_channel/_sync.py L46-72, L300-327). ' + CLI_NOTE,
  },
  {
    command: 'prefect work-pool create',
    flags: ['--base-job-template', '--paused', '--no-paused', '--type', '-t', '--set-as-default', '--no-set-as-default',
      '--provision-infrastructure', '--provision-infra', '--no-provision-infrastructure', '--overwrite', '--no-overwrite', '--help'],
    positional: true,
    source: at('src/prefect/cli/work_pool.py', 'L295-500 create'),
    note: 'Positional NAME. Without a TTY --type is required for a new pool. The type is checked against local worker types plus the ' +
      'server\'s /collections/views/aggregate-worker-metadata, which falls back to the bundled collections_data when GitHub is unreachable ' +
      '(src/prefect/server/api/collections.py L47-75), so "kubernetes" is accepted even where prefect-kubernetes is not installed. ' +
      '--overwrite updates an existing pool (base job template included). ' + CLI_NOTE,
  },
  {
    command: 'prefect work-pool inspect',
    flags: ['--output', '-o', '--help'],
    positional: true,
    source: at('src/prefect/cli/work_pool.py', 'L582-617 inspect'),
    note: 'Exits non-zero ("Work pool ... not found!") when the pool does not exist. ' + CLI_NOTE,
  },
  {
    command: 'prefect work-pool update',
    flags: ['--base-job-template', '--concurrency-limit', '--description', '--help'],
    positional: true,
    source: at('src/prefect/cli/work_pool.py', 'L777-838 update'),
    note: 'What the upstream Helm chart\'s init container uses to sync a template into an existing pool. ' + CLI_NOTE,
  },
  {
    command: 'prefect work-pool get-default-base-job-template',
    flags: ['--type', '-t', '--file', '-f', '--help'],
    source: at('src/prefect/cli/work_pool.py', 'L988-1029'),
    note: 'Prints worker_cls.get_default_base_job_template() (src/prefect/workers/base.py L752-768). ' + CLI_NOTE,
  },
  {
    command: 'prefect deploy',
    flags: [
      '--name', '-n', '--description', '-d', '--version-type', '--version', '--tag', '-t', '--concurrency-limit', '--collision-strategy',
      '--pool', '-p', '--work-queue', '-q', '--job-variable', '-jv', '--cron', '--interval', '--anchor-date', '--rrule', '--timezone',
      '--trigger', '--param', '--params', '--enforce-parameter-schema', '--no-enforce-parameter-schema', '--all', '--no-all',
      '--prefect-file', '--sla', '--help',
    ],
    positional: true,
    source: [at('src/prefect/cli/deploy/_commands.py', 'L155-375 deploy'), at('src/prefect/cli/_app.py', 'L119-122 -jv rewritten to --job-variable')],
    note: 'Optional positional ENTRYPOINT. --prefect-file defaults to ./prefect.yaml. Sub-command `prefect deploy init` also exists. ' + CLI_NOTE,
  },
  {
    command: 'prefect concurrency-limit create',
    flags: ['--help'],
    positional: true,
    source: at('src/prefect/cli/concurrency_limit.py', 'L32-58 create(tag, concurrency_limit)'),
    note: 'Tag-based (v1) limits: positional TAG and LIMIT. Global limits are `prefect global-concurrency-limit create NAME --limit N` ' +
      '(src/prefect/cli/global_concurrency_limit.py L315-345: --limit/-l, --disable, --active-slots, --slot-decay-per-second).',
  },
  {
    command: 'prefect global-concurrency-limit create',
    flags: ['--limit', '-l', '--disable', '--no-disable', '--active-slots', '--slot-decay-per-second', '--help'],
    positional: true,
    source: at('src/prefect/cli/global_concurrency_limit.py', 'L315-345 create'),
    note: 'Alias group name: `prefect gcl`. ' + CLI_NOTE,
  },
  {
    command: 'prefect variable set',
    flags: ['--overwrite', '--no-overwrite', '--tag', '--empty-tag', '--help'],
    positional: true,
    source: at('src/prefect/cli/variable.py', 'L150-186 _set(name, value)'),
    note: 'Fails when the variable exists and --overwrite is not given. ' + CLI_NOTE,
  },
  {
    command: 'prefect block register',
    flags: ['--module', '-m', '--file', '-f', '--help'],
    source: at('src/prefect/cli/block.py', 'L161-258 register'),
    note: 'Other block commands: ls (-o/--output), delete (positional slug or --id), create (positional block type slug: prints a UI link only), ' +
      'inspect (slug or --id, -o), type ls / type inspect / type delete (src/prefect/cli/block.py L261-600). ' + CLI_NOTE,
  },
];

const imageTagsSource = [
  at('.github/workflows/docker-images.yaml', 'L3-45 triggers and matrix (python 3.10-3.14; flavors "", -conda, -kubernetes)'),
  at('.github/workflows/docker-images.yaml', 'L99-116 production tags: {{version}}-python<py><flavor> on every release event; {{major}}.{{minor}} when not prerelease; {{major}} and 3-latest<flavor> (python 3.12 only) for the latest release'),
  at('.github/workflows/docker-images.yaml', 'L76-87 dev tags: <tag input or ref>-python<py><flavor> and sha-<sha>-python<py><flavor> on prereleases or workflow_dispatch with a tag'),
  at('.github/workflows/docker-images.yaml', 'L123-141 build: Dockerfile with PYTHON_VERSION; -kubernetes sets PREFECT_EXTRAS=[redis,kubernetes]'),
];

/**
 * The API's basic auth at 3.7.2: one string, PREFECT_SERVER_API_AUTH_STRING on the server and
 * PREFECT_API_AUTH_STRING on every client.
 */
const prefectApiAuth = {
  serverEnv: 'PREFECT_SERVER_API_AUTH_STRING',
  clientEnv: 'PREFECT_API_AUTH_STRING',
  clientMarker: 'PREFECT_API_URL',
  openPaths: ['/api/health', '/api/ready'],
  source: [
    at('src/prefect/settings/models/server/api.py', 'L19-22 ServerAPISettings.auth_string'),
    at('src/prefect/settings/models/api.py', 'L23-26 APISettings.auth_string'),
    at('src/prefect/server/api/server.py', 'L531-568 token_validation middleware of the API app'),
    at('tests/server/test_app.py', 'L86-139 TestAuthMiddleware: /api/health and /api/ready answer 200 without it, /api/version 401'),
    at('src/prefect/client/orchestration/__init__.py', 'L352-361 PrefectClient: Authorization: Basic base64(auth_string), before any API key'),
    at('src/prefect/server/utilities/subscriptions.py', 'L33-118 websockets: the "prefect" subprotocol and an auth message with the same string'),
    at('src/prefect/server/api/clients.py', 'L33-56 the server\'s own in-process client sends PREFECT_SERVER_API_AUTH_STRING'),
    at('src/prefect/server/api/server.py', 'L627-640 ui_settings: auth "BASIC" when the server has a string'),
    at('ui/src/pages/Unauthenticated.vue', 'L7-14, L54 the UI\'s login form (placeholder admin:pass) stores btoa(<what was typed>)'),
    at('ui/src/utilities/api.ts', 'L19-22 and sends it as Authorization: Basic'),
  ],
  note:
    'The middleware takes `Basic <b64>`, decodes it as UTF-8 and compares the WHOLE decoded text with the setting (hmac.compare_digest): nothing splits '
    + 'user from password, so "user:password" is only the documented convention and any string works; compare_digest on str accepts ASCII only (a '
    + 'non-ASCII string ends the request with a server error). A missing or wrong header answers 401 {"exception_message": "Unauthorized"}. Open without '
    + 'it: GET on exactly <api>/health and <api>/ready (the scope path without its root_path, so /api/health and /api/ready with the API at /api; '
    + 'PREFECT_SERVER_API_BASE_PATH unset), nothing else, and the UI app (static bundles and <serve_base>/ui-settings are outside the API app). '
    + 'The server process needs no client string: its internal client sends PREFECT_SERVER_API_AUTH_STRING itself. The UI asks for the string on '
    + 'a login page when ui-settings says auth "BASIC", keeps it base64-encoded in localStorage ("prefect-password") and sends it with every API call.',
} as const;

const prefectServer: ImageContractSpec = {
  repository: 'docker.io/prefecthq/prefect',
  description: 'Prefect 3 server (API + UI) run as `prefect server start`',
  tags: {
    pinned: '3.7.2-python3.13',
    moving: ['3-latest', '3.7-python3.13', '3-python3.13'],
    versions: /^3\.\d+\.\d+-python3\.(10|11|12|13|14)$/,
    source: imageTagsSource,
    note:
      'Git tag 3.7.2 exists (commit 5836855ecd0a9924117d212bad5308a8a89ab97d, 2026-05-22; release notes "3.7.2 - Delete after running, Released ' +
      'on May 22, 2026" in docs/v3/release-notes/oss/version-3-7.mdx at 3.8.3). The release event builds {{version}}-python3.13 = 3.7.2-python3.13. ' +
      'Registry contents were not readable here: confirm the tag and pin its digest. A workflow_dispatch with tag=3.7.2 would rebuild and ' +
      're-push the same tag name (L84), and dependencies are resolved at build time (uv pip install of the sdist, Dockerfile L190-191): pin by digest.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [at('Dockerfile', 'L122-207 final stage: no USER instruction'), helm('charts/prefect-server/values.yaml', 'L158-179 runAsUser 1001, fsGroup 1001, readOnlyRootFilesystem true')],
    note:
      'The image has no USER (runs as root, uid 0, base python:3.13-slim) and creates no user or /home/prefect. It runs as any non-root uid ' +
      'when HOME (PREFECT_HOME = ~/.prefect), /tmp and PREFECT_UI_STATIC_DIRECTORY are writable volumes; the upstream chart runs it as 1001 ' +
      'with a read-only root file system and an emptyDir for /home/prefect, /tmp and the UI directory (deployment.yaml L94-199). ' +
      'Bytecode is precompiled at build (UV_COMPILE_BYTECODE=1, Dockerfile L131), so site-packages is never written.',
  },
  entrypoint: {
    entrypoint: ['/usr/bin/tini', '-g', '--', '/opt/prefect/entrypoint.sh'],
    execsArgs: true,
    workdir: '/opt/prefect',
    source: [at('Dockerfile', 'L145 WORKDIR, L206-207 ENTRYPOINT (no CMD)'), at('scripts/entrypoint.sh', 'L1-31')],
    note:
      'No CMD. entrypoint.sh sources ~/.bashrc if present, runs `uv pip install --system $EXTRA_PIP_PACKAGES` when set (writes ' +
      '/usr/local/lib/python3.13/site-packages and /tmp/pip_install.log: impossible with a read-only root), then `exec "$@"`, or ' +
      '`bash --login` without arguments. A container `command` replaces this ENTRYPOINT (tini and entrypoint.sh are skipped); ' +
      'the upstream chart keeps it and passes `prefect server start` as args (charts/prefect-server/templates/deployment.yaml L71-85).',
  },
  programs: PREFECT_PROGRAMS,
  env: [
    { name: 'PREFECT_API_DATABASE_CONNECTION_URL', source: at('src/prefect/settings/models/server/database.py', 'L159-178 connection_url'),
      note: 'Legacy alias of PREFECT_SERVER_DATABASE_CONNECTION_URL (both read). Unset: built from PREFECT_SERVER_DATABASE_DRIVER/HOST/PORT/USER/PASSWORD/NAME, else sqlite at $PREFECT_HOME/prefect.db (src/prefect/settings/models/root.py L282-306, _defaults.py L76-119). The literals ${PREFECT_SERVER_DATABASE_PASSWORD} / ${PREFECT_API_DATABASE_PASSWORD} in the URL are replaced by the password setting.' },
    { name: 'PREFECT_SERVER_DATABASE_CONNECTION_URL', source: at('src/prefect/settings/models/server/database.py', 'L159-178') },
    { name: 'PREFECT_SERVER_DATABASE_DRIVER', source: at('src/prefect/settings/models/server/database.py', 'L180-191'), note: 'postgresql+asyncpg | sqlite+aiosqlite; with HOST/USER/NAME builds the URL (password URL-escaped by sqlalchemy.URL).' },
    { name: 'PREFECT_SERVER_DATABASE_HOST', source: at('src/prefect/settings/models/server/database.py', 'L193-201') },
    { name: 'PREFECT_SERVER_DATABASE_PORT', source: at('src/prefect/settings/models/server/database.py', 'L203-211') },
    { name: 'PREFECT_SERVER_DATABASE_USER', source: at('src/prefect/settings/models/server/database.py', 'L213-221') },
    { name: 'PREFECT_SERVER_DATABASE_NAME', source: at('src/prefect/settings/models/server/database.py', 'L223-231') },
    { name: 'PREFECT_SERVER_DATABASE_PASSWORD', source: at('src/prefect/settings/models/server/database.py', 'L233-241') },
    { name: 'PREFECT_API_DATABASE_MIGRATE_ON_START', source: [at('src/prefect/settings/models/server/database.py', 'L253-261'), at('src/prefect/server/api/server.py', 'L880-886')], note: 'Default True: migrations run in the app lifespan before the port answers.' },
    { name: 'PREFECT_SERVER_API_HOST', source: at('src/prefect/settings/models/server/api.py', 'L24-27'), note: 'Default 127.0.0.1: must be 0.0.0.0 in a pod.' },
    { name: 'PREFECT_SERVER_API_PORT', source: at('src/prefect/settings/models/server/api.py', 'L29-32'), note: 'Default 4200.' },
    { name: 'PREFECT_SERVER_API_BASE_PATH', source: [at('src/prefect/settings/models/server/api.py', 'L34-38'), at('src/prefect/server/api/server.py', 'L1016-1019')], note: 'Unset: the API is mounted at /api.' },
    { name: 'PREFECT_SERVER_API_AUTH_STRING', source: [at('src/prefect/settings/models/server/api.py', 'L19-22'), at('src/prefect/server/api/server.py', 'L531-568'), helm('charts/prefect-server/templates/deployment.yaml', 'L123-133')],
      note: 'SecretStr. When set, every API request needs `Authorization: Basic base64(<the whole string>)`; see the `auth` fact. The upstream chart reads it from a Secret key `auth-string`.' },
    { name: 'PREFECT_UI_API_URL', source: at('src/prefect/settings/models/server/ui.py', 'L27-35'), note: 'Alias of PREFECT_SERVER_UI_API_URL; served to the browser by <serve_base>/ui-settings.' },
    { name: 'PREFECT_UI_SERVE_BASE', source: [at('src/prefect/settings/models/server/ui.py', 'L37-45'), at('src/prefect/server/api/server.py', 'L208-221, L575-758')], note: 'Alias of PREFECT_SERVER_UI_SERVE_BASE (default /). V1 UI at the base, V2 UI at <base>/v2, settings at <base>/ui-settings; the server does not strip the prefix, so the ingress must not either.' },
    { name: 'PREFECT_UI_STATIC_DIRECTORY', source: [at('src/prefect/settings/models/server/ui.py', 'L47-55'), at('src/prefect/server/api/server.py', 'L582, L601-606, L711-729')], note: 'Alias of PREFECT_SERVER_UI_STATIC_DIRECTORY. The server copies the UI bundles into <dir>/v1 and <dir>/v2 (or <dir> itself for V1 if it already holds a V1 bundle) and rewrites the base path there. Unset: it writes into site-packages/prefect/server/ui_build and ui_v2_build (src/prefect/__init__.py L64-74), which fails on a read-only root (the UI is then not mounted, logged by log_ui_static_copy_error).' },
    { name: 'PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT', source: at('src/prefect/settings/models/server/ui.py', 'L57-60'), note: 'No legacy alias.' },
    { name: 'PREFECT_SERVER_ANALYTICS_ENABLED', source: [at('src/prefect/settings/models/server/root.py', 'L44-50'), at('src/prefect/server/services/telemetry.py', 'L64-68, L102-108')], note: 'Default true: the server posts a heartbeat to https://sens-o-matic.prefect.io/; clients read it from the server to decide SDK telemetry.' },
    { name: 'PREFECT_TASK_DEFAULT_RETRIES', source: at('src/prefect/settings/models/tasks.py', 'L77-86'), note: 'Legacy alias of PREFECT_TASKS_DEFAULT_RETRIES. A client (task-running) setting: the server process never runs tasks, and the worker propagates only its OWN settings to flow runs.' },
    { name: 'PREFECT_LOGGING_LEVEL', source: at('src/prefect/settings/models/logging.py', 'L98-101'), note: 'Prefect loggers (default INFO). The uvicorn level is PREFECT_SERVER_LOGGING_LEVEL.' },
    { name: 'PREFECT_HOME', source: at('src/prefect/settings/models/root.py', 'L59-62'), note: 'Default ~/.prefect (expanded from HOME); created at import (src/prefect/context.py L1055-1062, only a warning when impossible).' },
    { name: 'HOME', source: at('src/prefect/settings/models/root.py', 'L59-62'), note: 'Only through PREFECT_HOME\'s default ~/.prefect.' },
    { name: 'EXTRA_PIP_PACKAGES', source: at('scripts/entrypoint.sh', 'L10-18'), note: 'Read by entrypoint.sh only (skipped when the container command replaces the ENTRYPOINT). Needs writable site-packages: never set it here.' },
  ],
  envPrefixes: [{ prefix: 'PREFECT_', names: PREFECT_SETTINGS_NAMES, ...settingsSource }],
  ports: [{ port: 4200, protocol: 'http', source: at('src/prefect/settings/models/server/api.py', 'L29-32'), note: 'PREFECT_SERVER_API_PORT default; LabStack sets it explicitly.' }],
  writes: [
    { path: '/tmp', source: [at('src/prefect/settings/models/root.py', 'L59-62'), at('src/prefect/server/utilities/messaging/memory.py', 'L108-112, L187'), at('src/prefect/server/concurrency/lease_storage/filesystem.py', 'L37-45')],
      note: 'PREFECT_HOME (~/.prefect = /tmp/.prefect with LabStack\'s HOME=/tmp): the in-memory messaging dead-letter queue ($PREFECT_HOME/dlq), analytics markers, filesystem lease storage if configured. entrypoint.sh writes /tmp/pip_install.log only with EXTRA_PIP_PACKAGES.' },
    { path: '/ui-build', source: at('src/prefect/server/api/server.py', 'L601-606, L711-729'),
      note: 'PREFECT_UI_STATIC_DIRECTORY as LabStack sets it (upstream chart: /ui_build). Holds copies of both UI bundles (v1/, v2/): size not readable from git (built artifacts).' },
  ],
  code: [
    { path: '/usr/local/lib/python3.13/site-packages', source: [at('Dockerfile', 'L8 BASE_IMAGE=python:${PYTHON_VERSION}-slim, L133 UV_SYSTEM_PYTHON=1, L189-192 uv pip install')], note: 'prefect (with server/ui and server/ui-v2 bundles) and its dependencies in the system interpreter of python:3.13-slim.' },
    { path: '/opt/prefect', source: at('Dockerfile', 'L145, L206'), note: 'entrypoint.sh.' },
    { path: '/usr/local/bin', source: at('Dockerfile', 'L189-192'), note: 'The `prefect` console script (python:slim prefix /usr/local).' },
  ],
  health: [
    { path: '/api/health', port: 4200, dependsOn: 'nothing: returns true once the app lifespan (database migrations, block registration) has completed and uvicorn serves',
      source: [at('src/prefect/server/api/server.py', 'L478-480 health_check, L1019 mount /api'), at('src/prefect/server/api/server.py', 'L903-937 lifespan')] },
    { path: '/api/ready', port: 4200, dependsOn: 'the database: 200 when db.is_db_connectable(), else 503 "Database is not available"',
      source: [at('src/prefect/server/api/root.py', 'L23-38'), at('src/prefect/server/api/server.py', 'L1019')] },
  ],
  auth: prefectApiAuth,
};

const prefectKubernetesWorker: ImageContractSpec = {
  repository: 'docker.io/prefecthq/prefect',
  description: 'Prefect 3 worker of type kubernetes (`prefect worker start --type kubernetes`) from the -kubernetes image variant',
  tags: {
    pinned: '3.7.2-python3.13-kubernetes',
    moving: ['3-latest-kubernetes', '3.7-python3.13-kubernetes', '3-python3.13-kubernetes'],
    versions: /^3\.\d+\.\d+-python3\.(10|11|12|13|14)-kubernetes$/,
    source: [...imageTagsSource, at('pyproject.toml', 'L111 kubernetes = ["prefect-kubernetes>=0.4.0"]'), at('Dockerfile', 'L188-192 PREFECT_EXTRAS')],
    note:
      'Same Dockerfile and release as the server image with PREFECT_EXTRAS=[redis,kubernetes] (instead of [redis,client,otel]): prefect from ' +
      'the sdist plus prefect-kubernetes>=0.4.0 resolved from PyPI at build time (not pinned). The 3.7.2 release build ran on 2026-05-22; the ' +
      'newest prefect-kubernetes release tag before it is prefect-kubernetes-0.7.9 (2026-05-06; next 0.7.10 on 2026-06-05), published to PyPI on ' +
      'tag push (.github/workflows/integration-package-release.yaml). So the image most likely holds prefect-kubernetes 0.7.9: inferred, not ' +
      'read. worker.py, settings.py and utilities.py are identical in 0.7.9, 0.7.10 and at 3.7.2 (only observer.py differs), so the facts below hold ' +
      'for either. Confirm with `pip show prefect-kubernetes` in the pulled image and pin the digest.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [at('Dockerfile', 'L122-207: no USER'), helm('charts/prefect-worker/values.yaml', 'L245-272 runAsUser 1001, fsGroup 1001, readOnlyRootFilesystem true')],
    note: 'As the server image. The worker writes only PREFECT_HOME (created at import) and nothing else; the upstream chart runs it as 1001 with emptyDirs for /home/prefect and /tmp (deployment.yaml L219-349).',
  },
  entrypoint: {
    entrypoint: ['/usr/bin/tini', '-g', '--', '/opt/prefect/entrypoint.sh'],
    execsArgs: true,
    workdir: '/opt/prefect',
    source: [at('Dockerfile', 'L145, L206-207'), at('scripts/entrypoint.sh', 'L1-31'), helm('charts/prefect-worker/templates/deployment.yaml', 'L174-218 command tini/entrypoint.sh, args prefect worker start ...')],
    note: 'See the server contract. The worker installs its own SIGTERM handler (setup_signal_handlers_worker, src/prefect/cli/worker.py L212-215), so it also stops cleanly as PID 1 without tini.',
  },
  programs: PREFECT_PROGRAMS,
  env: [
    { name: 'PREFECT_API_URL', required: true, source: [at('src/prefect/workers/base.py', 'L1201-1202 setup: raise ValueError("`PREFECT_API_URL` must be set to start a Worker.")'), at('src/prefect/settings/models/api.py', 'L19-22')],
      note: 'Like every setting the worker sets explicitly, it is copied into every flow run\'s env (BaseJobConfiguration._base_environment = settings.to_environment_variables(exclude_unset=True), src/prefect/workers/base.py L425-431, L367-379).' },
    { name: 'PREFECT_API_AUTH_STRING', source: [at('src/prefect/settings/models/api.py', 'L23-26'), at('src/prefect/client/orchestration/__init__.py', 'L352-361'), helm('charts/prefect-worker/templates/deployment.yaml', 'L279-295')],
      note: 'The string the server requires (see the server contract\'s `auth`). Like every core setting the worker has set, it is copied into each flow run\'s env in clear; '
        + 'the two _SECRET_NAME/_SECRET_KEY settings below make the worker write a secretKeyRef into the Job instead (KUBERNETES_WORKER_JOB.secretReferences).' },
    { name: 'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_SECRET_NAME', source: [k8s(`${K8S}/settings.py`, 'L124-127'), k8s(`${K8S}/worker.py`, 'L1057-1096 _create_job')],
      note: 'With _SECRET_KEY: the Secret flow-run Jobs read PREFECT_API_AUTH_STRING from. Not a root setting, so not copied into flow runs. The upstream chart sets both from its basicAuth.existingSecret (key auth-string).' },
    { name: 'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_SECRET_KEY', source: [k8s(`${K8S}/settings.py`, 'L129-132'), k8s(`${K8S}/worker.py`, 'L1057-1096 _create_job')], note: 'The key in that Secret.' },
    { name: 'PREFECT_WORKER_WEBSERVER_HOST', source: [at('src/prefect/settings/models/worker.py', 'L9-17'), at('src/prefect/workers/server.py', 'L42-47')], note: 'Default 0.0.0.0.' },
    { name: 'PREFECT_WORKER_WEBSERVER_PORT', source: [at('src/prefect/settings/models/worker.py', 'L19-22'), at('src/prefect/workers/server.py', 'L42-47')], note: 'Default 8080.' },
    { name: 'PREFECT_WORKER_QUERY_SECONDS', source: [at('src/prefect/settings/models/worker.py', 'L42-45'), at('src/prefect/workers/base.py', 'L1270-1297')], note: 'Default 10; /health fails after 30 x this without a poll.' },
    { name: 'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_NAMESPACES', source: [k8s(`${K8S}/settings.py`, 'L45-49'), k8s(`${K8S}/observer.py`, 'L765-793')], note: 'Comma-separated set; empty = kopf cluster-wide watch (needs cluster-scoped RBAC). Not a root Settings field: NOT copied into flow runs.' },
    { name: 'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_ENABLED', source: [k8s(`${K8S}/settings.py`, 'L35-38'), k8s(`${K8S}/worker.py`, 'L1199-1210')], note: 'Default true: the worker starts a kopf observer thread watching pods and jobs labelled prefect.io/flow-run-id.' },
    { name: 'PREFECT_LOGGING_LEVEL', source: at('src/prefect/settings/models/logging.py', 'L98-101') },
    { name: 'PREFECT_HOME', source: at('src/prefect/settings/models/root.py', 'L59-62') },
    { name: 'HOME', source: at('src/prefect/settings/models/root.py', 'L59-62'), note: 'Only through PREFECT_HOME\'s default ~/.prefect.' },
    { name: 'EXTRA_PIP_PACKAGES', source: at('scripts/entrypoint.sh', 'L10-18'), note: 'entrypoint.sh only; needs writable site-packages.' },
  ],
  envPrefixes: [
    { prefix: 'PREFECT_', names: [...PREFECT_SETTINGS_NAMES, ...PREFECT_KUBERNETES_SETTINGS_NAMES], ...settingsSource,
      source: [...(settingsSource.source as readonly ReturnType<typeof at>[]), k8s(`${K8S}/settings.py`, 'L32-181 KubernetesObserverSettings, KubernetesWorkerCreateJobRetrySettings, KubernetesWorkerSettings, KubernetesSettings')],
      note: settingsSource.note + ' Plus prefect-kubernetes 0.7.9 settings (env_prefix PREFECT_INTEGRATIONS_KUBERNETES_[WORKER_|OBSERVER_|WORKER_CREATE_JOB_RETRY_] + field, and the legacy aliases PREFECT_KUBERNETES_CLUSTER_UID, PREFECT_KUBERNETES_WORKER_STORE_PREFECT_API_IN_SECRET, PREFECT_KUBERNETES_WORKER_ADD_TCP_KEEPALIVE).' },
  ],
  ports: [{ port: 8080, protocol: 'http', source: [at('src/prefect/settings/models/worker.py', 'L19-22'), at('src/prefect/workers/server.py', 'L38-50')], note: 'Only with --with-healthcheck; started after the worker has set up (connected to the API, pool found or created) and its loops are scheduled (src/prefect/workers/base.py L835-881).' }],
  writes: [
    { path: '/tmp', source: [at('src/prefect/settings/models/root.py', 'L59-62'), at('src/prefect/context.py', 'L1055-1062')], note: 'PREFECT_HOME = ~/.prefect (= /tmp/.prefect with HOME=/tmp). The worker writes nothing else.' },
  ],
  code: [
    { path: '/usr/local/lib/python3.13/site-packages', source: at('Dockerfile', 'L8, L133, L189-192'), note: 'prefect, prefect_kubernetes, kopf, kubernetes_asyncio.' },
    { path: '/opt/prefect', source: at('Dockerfile', 'L145, L206') },
    { path: '/usr/local/bin', source: at('Dockerfile', 'L189-192') },
  ],
  health: [
    { path: '/health', port: 8080,
      dependsOn: 'the worker loop: 200 while the last poll of the server for scheduled runs is at most 30 x PREFECT_WORKER_QUERY_SECONDS (300 s) old, else 503; served only with --with-healthcheck, from a thread started after worker setup',
      source: [at('src/prefect/workers/server.py', 'L11-50'), at('src/prefect/workers/base.py', 'L1270-1304 is_worker_still_polling, get_and_submit_flow_runs')] },
  ],
};

export const PREFECT_SERVER = new ImageContract(prefectServer);
export const PREFECT_WORKER = new ImageContract(prefectKubernetesWorker);

/**
 * What the kubernetes worker (prefect-kubernetes 0.7.9, see the worker contract) does with a work
 * pool's base job template for each flow run, as far as LabStack's template depends on it.
 */
export const KUBERNETES_WORKER_JOB = {
  /**
   * `_validate_job_manifest` diffs the rendered job_manifest against `_get_base_job_manifest()` with
   * JsonPatch.from_diff: every path of that default manifest must be present ("Job is missing
   * required attributes at the following paths") with this value ("Job has incompatible values").
   * Paths are JSON pointers into job_manifest.
   */
  requiredManifest: {
    '/apiVersion': 'batch/v1',
    '/kind': 'Job',
    '/spec/template/spec/parallelism': 1,
    '/spec/template/spec/completions': 1,
    '/spec/template/spec/restartPolicy': 'Never',
    '/spec/template/spec/containers/0/name': 'prefect-job',
  } as Readonly<Record<string, unknown>>,
  /**
   * The labels of a flow run's Job and pod, merged in this order, later ones winning:
   * `prepare_for_flow_run` builds labels from the flow run, the work pool, the worker, the flow and
   * the deployment, then job_configuration.labels; `_slugify_labels` merges them over
   * job_manifest.metadata.labels and `_propagate_labels_to_pod` over the pod template's labels.
   * The keys each source writes are listed; `<…>` stands for a value of the run.
   */
  labelSources: [
    { from: 'flow run', labels: { 'prefect.io/flow-run-id': '<id>', 'prefect.io/flow-run-name': '<name>', 'prefect.io/version': '3-7-2', 'app.kubernetes.io/managed-by': 'prefect', 'app.kubernetes.io/part-of': 'prefect', 'app.kubernetes.io/version': '3-7-2' } },
    { from: 'work pool', labels: { 'prefect.io/work-pool-name': '<pool>', 'prefect.io/work-pool-id': '<id>' } },
    { from: 'worker', labels: { 'prefect.io/worker-name': '<worker>' } },
    { from: 'flow', labels: { 'prefect.io/flow-id': '<id>', 'prefect.io/flow-name': '<flow>', 'app.kubernetes.io/name': '<flow>' } },
    { from: 'deployment', labels: { 'prefect.io/deployment-id': '<id>', 'prefect.io/deployment-name': '<deployment>', 'prefect.io/deployment-updated': '<time>', 'app.kubernetes.io/name': '<deployment>' } },
  ] as readonly { readonly from: string; readonly labels: Readonly<Record<string, string>> }[],
  /**
   * Each flow run's env, as the worker builds it: its own core settings that are set
   * (`_base_environment` = settings.to_environment_variables(exclude_unset=True), secrets in clear),
   * then the template's `env`, later names winning, as plain `{name, value}` entries first in the
   * Job's first container. When that container's env in the template is a list instead of
   * `{{ env }}`, only its entries with other names are kept after them: a template entry with the
   * name of a setting the worker has (a secretKeyRef for PREFECT_API_AUTH_STRING, say) is dropped
   * for the worker's plain value.
   */
  envMerge: 'worker settings, then template env; template container env entries of other names after them',
  /**
   * Settings the worker replaces by a secretKeyRef in the Job it creates (`_create_job`, the last
   * step before the API call), when it has both settings naming the Secret and the key; without
   * them the plain value stays in the Job manifest (and the worker logs a warning).
   */
  secretReferences: {
    PREFECT_API_AUTH_STRING: {
      secretName: 'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_SECRET_NAME',
      secretKey: 'PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_SECRET_KEY',
    },
  } as Readonly<Record<string, { readonly secretName: string; readonly secretKey: string }>>,
  /** The command the worker gives a container whose args are missing or a string (`{{ command }}` without a value). */
  defaultCommand: ['prefect', 'flow-run', 'execute'] as readonly string[],
  /**
   * What `prefect work-pool get-default-base-job-template --type kubernetes` prints, in outline:
   * the keys of its job_configuration and the variables a deployment may set.
   */
  defaultTemplate: {
    jobConfiguration: ['command', 'env', 'labels', 'name', 'annotations', 'namespace', 'job_manifest', 'cluster_config', 'job_watch_timeout_seconds', 'pod_watch_timeout_seconds', 'stream_output'],
    variables: [
      'name', 'env', 'labels', 'command', 'annotations', 'namespace', 'image', 'service_account_name', 'image_pull_policy', 'backoff_limit', 'finished_job_ttl',
      'job_watch_timeout_seconds', 'pod_watch_timeout_seconds', 'stream_output', 'cluster_config', 'cpu_request', 'cpu_limit', 'memory_request', 'memory_limit',
    ],
  } as const,
  source: [
    k8s(`${K8S}/worker.py`, 'L177-219 _get_default_job_manifest_template, L270-300 KubernetesWorkerJobConfiguration, L703-806 KubernetesWorkerVariables'),
    k8s('src/prefect/workers/base.py', 'L470-490 BaseVariables: name, env, labels, command'),
    k8s(`${K8S}/worker.py`, 'L222-242 _get_base_job_manifest, L301-347 _validate_job_manifest'),
    k8s(`${K8S}/worker.py`, 'L349-393 _base_flow_run_labels, _base_flow_labels, _base_deployment_labels'),
    k8s('src/prefect/workers/base.py', 'L271-322 BaseJobConfiguration.prepare_for_flow_run: labels = {flow run, work pool, worker, flow, deployment, **self.labels}'),
    k8s(`${K8S}/worker.py`, 'L411-466 prepare_for_flow_run; L585-591 _slugify_labels; L609-633 _populate_command_if_not_present; L659-669 _propagate_labels_to_pod'),
    at('src/prefect/workers/base.py', 'L367-379 prepare_for_flow_run: env = {base environment, flow run, attribution, **self.env}; L425-431 _base_environment'),
    at('src/prefect/settings/base.py', 'L124-162 to_environment_variables (include_secrets=True by default)'),
    k8s(`${K8S}/worker.py`, 'L510-560 _populate_env_in_manifest; L1031-1055 _replace_env_variable_with_secret; L1057-1096 _create_job'),
    k8s(`${K8S}/settings.py`, 'L111-132 KubernetesWorkerSettings.api_auth_string_secret_name/_key'),
    k8s('src/integrations/prefect-kubernetes/tests/test_worker.py', 'L2141-2210 the secretKeyRef with both settings, the warning without'),
  ],
} as const satisfies Sourced & Record<string, unknown>;
