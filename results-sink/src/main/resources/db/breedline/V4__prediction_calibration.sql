-- Issue 15: predictions of a model version with a saved calibration (docs/evaluation.md). For such a row, top_breed,
-- top_probability, top_k_json and prediction_breeds hold the top-k its display uses (display_top_k, CALIBRATED), and
-- these columns the rest; for any other row they are NULL and the row reads as before. One column per statement: SQLite
-- adds one at a time.
ALTER TABLE predictions ADD COLUMN raw_top_k_json TEXT;
ALTER TABLE predictions ADD COLUMN calibrated_top_k_json TEXT;
ALTER TABLE predictions ADD COLUMN display_top_k TEXT;
ALTER TABLE predictions ADD COLUMN temperature DOUBLE PRECISION;
ALTER TABLE predictions ADD COLUMN ood_score TEXT;
ALTER TABLE predictions ADD COLUMN ood_value DOUBLE PRECISION;
ALTER TABLE predictions ADD COLUMN ood_threshold DOUBLE PRECISION;
ALTER TABLE predictions ADD COLUMN not_a_dog BOOLEAN;
