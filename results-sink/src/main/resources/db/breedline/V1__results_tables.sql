-- The result tables as the first sink wrote them. IF NOT EXISTS: a database made before migrations were recorded
-- (baselined at version 0) may hold some of them already. ${timestamp} is TEXT (UTC ISO-8601) on SQLite and
-- TIMESTAMPTZ on PostgreSQL.
CREATE TABLE IF NOT EXISTS predictions (
    image_id TEXT NOT NULL,
    model_version TEXT NOT NULL,
    model_name TEXT NOT NULL,
    uri TEXT NOT NULL,
    etag TEXT,
    version_id TEXT,
    job_id TEXT NOT NULL,
    top_breed TEXT NOT NULL,
    top_probability DOUBLE PRECISION NOT NULL,
    top_k_json TEXT NOT NULL,
    worker_id TEXT NOT NULL,
    fetch_ms BIGINT,
    decode_ms BIGINT,
    queue_wait_ms BIGINT,
    inference_ms BIGINT,
    batch_size INTEGER,
    predicted_at ${timestamp} NOT NULL,
    written_at ${timestamp} NOT NULL,
    PRIMARY KEY (image_id, model_version));

CREATE INDEX IF NOT EXISTS predictions_job_id ON predictions (job_id);

CREATE TABLE IF NOT EXISTS prediction_breeds (
    image_id TEXT NOT NULL,
    model_version TEXT NOT NULL,
    rank INTEGER NOT NULL,
    breed TEXT NOT NULL,
    class_index INTEGER NOT NULL,
    probability DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (image_id, model_version, rank));

CREATE INDEX IF NOT EXISTS prediction_breeds_breed ON prediction_breeds (breed);

CREATE TABLE IF NOT EXISTS dead_letters (
    image_id TEXT NOT NULL PRIMARY KEY,
    job_id TEXT,
    uri TEXT,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    exception_type TEXT,
    retriable BOOLEAN NOT NULL,
    worker_id TEXT NOT NULL,
    failed_at ${timestamp} NOT NULL,
    raw_base64 TEXT,
    written_at ${timestamp} NOT NULL);

CREATE INDEX IF NOT EXISTS dead_letters_job_id ON dead_letters (job_id);

CREATE TABLE IF NOT EXISTS job_skips (
    job_id TEXT NOT NULL,
    image_id TEXT NOT NULL,
    uri TEXT NOT NULL,
    etag TEXT,
    version_id TEXT,
    model_version TEXT NOT NULL,
    worker_id TEXT NOT NULL,
    skipped_at ${timestamp} NOT NULL,
    written_at ${timestamp} NOT NULL,
    PRIMARY KEY (job_id, image_id));
