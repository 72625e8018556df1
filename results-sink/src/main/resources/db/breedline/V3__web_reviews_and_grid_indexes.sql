-- The web application's (issue 14): people's reviews, in their own table (the model's rows are never changed), and the
-- indexes of the grid's keyset paging by confidence, with and without a breed: a page is one index range scan after
-- the previous page's last (top_probability, image_id, model_version).
CREATE TABLE IF NOT EXISTS reviews (
    review_id TEXT NOT NULL PRIMARY KEY,
    image_id TEXT NOT NULL,
    model_version TEXT,
    verdict TEXT NOT NULL,
    breed TEXT,
    reviewer TEXT NOT NULL,
    reviewed_at ${timestamp} NOT NULL);

CREATE INDEX IF NOT EXISTS reviews_image ON reviews (image_id, reviewed_at);

CREATE INDEX IF NOT EXISTS predictions_job_confidence
    ON predictions (job_id, top_probability, image_id, model_version);

CREATE INDEX IF NOT EXISTS predictions_job_breed_confidence
    ON predictions (job_id, top_breed, top_probability, image_id, model_version);
