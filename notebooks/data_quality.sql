-- Databricks notebook source
-- Data quality of the lake: what was quarantined, which symbol-days are unusable and why.
-- Tables are addressed by path; set the lake root in the widget/variable `lake` (default data-lake).

-- COMMAND ----------
-- Lines quarantined by feed and reason
SELECT feed, reason, count(*) AS lines
FROM delta.`${lake}/bronze/quarantine`
GROUP BY feed, reason
ORDER BY lines DESC

-- COMMAND ----------
-- Line accounting per file, latest ingest of each file: lines read = accepted + quarantined + control
SELECT source_file, status, lines_read, accepted, quarantined, control,
       lines_read = accepted + quarantined + control AS balanced
FROM (
  SELECT *, row_number() OVER (PARTITION BY source_file ORDER BY ingest_run DESC) AS r
  FROM delta.`${lake}/ops/ingest_files`)
WHERE r = 1
ORDER BY source_file

-- COMMAND ----------
-- Failed checks per trading day (errors make a symbol-day unusable)
SELECT trade_date, level, dataset, `check`, count(*) AS symbols, sum(violations) AS violations
FROM delta.`${lake}/ops/integrity`
WHERE failed
GROUP BY trade_date, level, dataset, `check`
ORDER BY trade_date, level, dataset, `check`

-- COMMAND ----------
-- Unusable symbol-days and the reasons later stages skip them
SELECT symbol, trade_date, sort_array(collect_list(concat(dataset, '.', `check`))) AS reasons
FROM delta.`${lake}/ops/integrity`
WHERE failed AND level = 'error'
GROUP BY symbol, trade_date
ORDER BY trade_date, symbol

-- COMMAND ----------
-- Stage runs, newest first
SELECT run_id, stage, status, from_date, to_date, rows_in, rows_out, round(seconds, 1) AS seconds
FROM delta.`${lake}/ops/job_runs`
ORDER BY started_at DESC
LIMIT 20
