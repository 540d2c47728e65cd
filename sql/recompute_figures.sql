-- Recompute the drivers table's figures from the store (feedback + predictions +
-- topic_assignments + causes). tests/drivers/test_driver_sql.py runs these queries and compares
-- them with rank_drivers, so they stay true; README examples can be taken from here.
--
-- Portable SQL: it runs as is on a DuckDB store and on a PostgreSQL store (see docs/store.md;
-- `cxnlp store copy` runs it on both sides of a copy and compares the results).
--
-- Parameters (one row of the temp table cx_params): the run, its reference time and window
-- start, the predictions' model key, and the ranking settings the key-driver closed form uses
-- (min_topic_size, ridge_alpha). Edit the values here, or create cx_params yourself and run
-- the file from the line after "-- end of parameters".
CREATE TEMP TABLE cx_params AS
SELECT 'r1' AS run_id, TIMESTAMP '2026-11-20 06:00:00' AS as_of,
       TIMESTAMP '2026-08-22 06:00:00' AS start_at, 'm1' AS models,
       20 AS min_topic_size, 5.0 AS alpha;
-- end of parameters

-- The enriched window, as rank_drivers sees it: each comment's topic, renumbered to
-- its root cause where the run grouped several topics into one (table causes).
CREATE OR REPLACE TEMP VIEW win AS
SELECT f.*, p.sentiment, p.emotion, coalesce(c.cause_id, a.topic_id, -1) AS topic_id,
       (f.text IS NOT NULL AND trim(f.text) <> '') OR coalesce(a.topic_id, -1) <> -1 AS is_comment
FROM feedback f
CROSS JOIN cx_params x
LEFT JOIN predictions p ON p.text_hash = f.text_hash AND p.models = x.models
LEFT JOIN topic_assignments a ON a.feedback_id = f.feedback_id AND a.run_id = x.run_id
LEFT JOIN causes c ON c.topic_id = a.topic_id AND c.run_id = x.run_id
WHERE f.created_at >= x.start_at AND f.created_at < x.as_of;

-- Q1. Per topic: volume, share, recent windows, NPS, CSAT (0-100), tone, detractors, tickets.
CREATE OR REPLACE TEMP VIEW q_topic_stats AS
SELECT topic_id,
  count(*) AS n,
  count(*) * 1.0 / (SELECT count(*) FROM win WHERE is_comment) AS share,
  count(*) FILTER (WHERE created_at >= (SELECT as_of FROM cx_params) - INTERVAL '7 days') AS n_7d,
  count(*) FILTER (WHERE created_at >= (SELECT as_of FROM cx_params) - INTERVAL '14 days') AS n_14d,
  count(nps) FILTER (WHERE dup_of IS NULL) AS n_nps,
  avg(CASE WHEN nps >= 9 THEN 100 WHEN nps <= 6 THEN -100 ELSE 0 END)
    FILTER (WHERE dup_of IS NULL AND nps IS NOT NULL) AS nps,
  avg(greatest(0, least(100, (csat - 1) * 1.0 / (csat_scale - 1) * 100)))
    FILTER (WHERE dup_of IS NULL AND csat_scale IN (5, 7, 10)) AS csat,
  avg(CASE WHEN sentiment = 'NEG' THEN 1.0 ELSE 0.0 END)
    FILTER (WHERE dup_of IS NULL AND sentiment IS NOT NULL) AS neg_share,
  avg(CASE WHEN emotion = 'anger' THEN 1.0 ELSE 0.0 END)
    FILTER (WHERE dup_of IS NULL AND emotion IS NOT NULL) AS anger_share,
  avg(CASE WHEN nps IS NOT NULL THEN CASE WHEN nps <= 6 THEN 1.0 ELSE 0.0 END
           WHEN csat IS NOT NULL AND csat_scale IN (5, 7, 10)
             THEN CASE WHEN csat <= 2 THEN 1.0 ELSE 0.0 END END)
    FILTER (WHERE dup_of IS NULL) AS detractor_share,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ttr_hours) FILTER (WHERE dup_of IS NULL)
    AS ttr_median_h,
  avg(CASE WHEN fcr THEN 1.0 WHEN NOT fcr THEN 0.0 END) FILTER (WHERE dup_of IS NULL) AS fcr_rate
FROM win WHERE topic_id <> -1 GROUP BY topic_id;

-- Q2. Leave-one-out impact on NPS: NPS of all answers minus NPS without the topic.
CREATE OR REPLACE TEMP VIEW q_loo AS
WITH scored AS (
  SELECT topic_id, CASE WHEN nps >= 9 THEN 100 WHEN nps <= 6 THEN -100 ELSE 0 END AS y
  FROM win WHERE dup_of IS NULL AND nps IS NOT NULL),
tot AS (SELECT count(*) * 1.0 AS n, sum(y) * 1.0 AS s FROM scored),
per AS (SELECT topic_id, count(*) AS n_t, sum(y) AS s_t FROM scored WHERE topic_id <> -1
        GROUP BY topic_id)
SELECT topic_id, s / n - (s - s_t) / nullif(n - n_t, 0) AS loo_nps FROM per, tot;

-- Q3. Key-driver NPS contribution (point estimate; one topic per comment, as the store holds;
-- the residual tone covariate is orthogonal to the topics and leaves the point unchanged).
-- Ridge with unpenalised intercept over ranked topics (n >= min_topic_size), penalty alpha;
-- answers in no ranked topic are the reference group. Closed form of the normal equations:
--   b0 = sum(w_g * mean_g) / sum(w_g), w = n*alpha/(n+alpha) for topics, w = n for the reference
--   b_t = n_t * (mean_t - b0) / (n_t + alpha)
--   effect_t = b_t - (sum_u b_u n_u - b_t n_t) / (N - n_t);  contribution = effect_t * n_t / N
CREATE OR REPLACE TEMP VIEW q_keydriver AS
WITH ranked AS (SELECT topic_id FROM win WHERE topic_id <> -1 GROUP BY topic_id
                HAVING count(*) >= (SELECT min_topic_size FROM cx_params)),
scored AS (
  SELECT CASE WHEN topic_id IN (SELECT topic_id FROM ranked) THEN topic_id ELSE -1 END AS g,
         CASE WHEN nps >= 9 THEN 100 WHEN nps <= 6 THEN -100 ELSE 0 END AS y
  FROM win WHERE dup_of IS NULL AND nps IS NOT NULL),
grp AS (SELECT g, count(*) * 1.0 AS n, avg(y) AS m FROM scored GROUP BY g),
w AS (SELECT g, n, m, CASE WHEN g = -1 THEN n ELSE n * x.alpha / (n + x.alpha) END AS w
      FROM grp, cx_params x),
b0 AS (SELECT sum(w * m) / sum(w) AS b0 FROM w),
b AS (SELECT g, n, n * (m - b0) / (n + x.alpha) AS b FROM w, b0, cx_params x WHERE g <> -1),
tot AS (SELECT sum(n) AS big_n FROM grp),
sb AS (SELECT sum(b * n) AS sum_bn FROM b)
SELECT g AS topic_id, (b - (sum_bn - b * n) / (big_n - n)) * n / big_n AS keydriver_nps
FROM b, tot, sb;

-- Q4. Trend: share in the last 14 days against the share before, one-sided two-proportion z.
CREATE OR REPLACE TEMP VIEW q_trend AS
WITH c AS (
  SELECT count(*) FILTER (WHERE is_comment AND created_at >= x.as_of - INTERVAL '14 days') * 1.0
           AS n1,
         count(*) FILTER (WHERE is_comment AND created_at < x.as_of - INTERVAL '14 days') * 1.0
           AS n0
  FROM win, cx_params x),
t AS (
  SELECT topic_id,
         count(*) FILTER (WHERE created_at >= x.as_of - INTERVAL '14 days') * 1.0 AS x1,
         count(*) FILTER (WHERE created_at < x.as_of - INTERVAL '14 days') * 1.0 AS x0
  FROM win, cx_params x WHERE topic_id <> -1 GROUP BY topic_id)
SELECT topic_id, x1 / nullif(n1, 0) AS share_recent, x0 / nullif(n0, 0) AS share_base,
       CASE WHEN x0 > 0 THEN (x1 / nullif(n1, 0)) / (x0 / n0) - 1 END AS growth,
       (x1 / nullif(n1, 0) - x0 / nullif(n0, 0))
         / nullif(sqrt(((x1 + x0) / (n1 + n0)) * (1 - (x1 + x0) / (n1 + n0))
           * (1 / nullif(n1, 0) + 1 / nullif(n0, 0))), 0) AS trend_z
FROM t, c;
