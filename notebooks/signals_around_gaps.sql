-- Databricks notebook source
-- What the minute signals looked like before big overnight gaps. Gaps are measured on the lake's own
-- minute bars (first regular-session open against the previous day's last regular close), so this runs on
-- any lake; ./l2lake pregap studies the same question on daily bars alone (gold.pregap, gold.pregap_report).

-- COMMAND ----------
-- Regular-session open and close per symbol-day, and the overnight gap into each day
CREATE OR REPLACE TEMPORARY VIEW session_days AS
SELECT symbol, trade_date, open, close, volume,
       open / lag(close) OVER (PARTITION BY symbol ORDER BY trade_date) - 1 AS gap
FROM (
  SELECT symbol, trade_date, min_by(open, bar_ts) AS open, max_by(close, bar_ts) AS close, sum(volume) AS volume
  FROM delta.`${lake}/silver/bars_1m`
  WHERE volume > 0 AND hour(from_utc_timestamp(bar_ts, 'America/New_York')) * 60
        + minute(from_utc_timestamp(bar_ts, 'America/New_York')) BETWEEN 570 AND 959
  GROUP BY symbol, trade_date)

-- COMMAND ----------
-- The largest overnight gaps, up and down
SELECT symbol, trade_date, round(gap, 4) AS gap, open, close, volume
FROM session_days
WHERE gap IS NOT NULL
ORDER BY abs(gap) DESC
LIMIT 30

-- COMMAND ----------
-- Each symbol-day with the gap into the next trading day it traded
CREATE OR REPLACE TEMPORARY VIEW days_before AS
SELECT symbol, trade_date, lead(gap) OVER (PARTITION BY symbol ORDER BY trade_date) AS next_gap
FROM session_days

-- COMMAND ----------
-- Signals on the day before each gap of 20% or more (either way)
SELECT d.symbol, d.trade_date AS day_before, round(d.next_gap, 4) AS next_gap,
       round(avg(s.composite), 4) AS mean_composite, round(max(s.composite), 4) AS peak_composite,
       sum(CAST(s.absorption_fires OR s.creep_fires OR s.darkpool_fires OR s.sinkhole_fires
           OR s.contraction_fires AS INT)) AS firing_minutes,
       round(avg(s.ofi), 1) AS mean_ofi
FROM days_before d
JOIN delta.`${lake}/gold/signals_1m` s ON s.symbol = d.symbol AND s.trade_date = d.trade_date AND s.regular
WHERE abs(d.next_gap) >= 0.20
GROUP BY d.symbol, d.trade_date, d.next_gap
ORDER BY abs(d.next_gap) DESC

-- COMMAND ----------
-- Mean composite and firing share by what the next day did: is the day before a big gap different?
SELECT CASE WHEN d.next_gap >= 0.20 THEN 'gap up >= 20%' WHEN d.next_gap <= -0.20 THEN 'gap down >= 20%'
            WHEN d.next_gap IS NULL THEN 'no next day' ELSE 'no big gap' END AS next_day,
       count(DISTINCT s.symbol, s.trade_date) AS symbol_days, round(avg(s.composite), 4) AS mean_composite,
       round(avg(CAST(s.absorption_fires OR s.creep_fires OR s.darkpool_fires OR s.sinkhole_fires
             OR s.contraction_fires AS INT)), 4) AS firing_share
FROM delta.`${lake}/gold/signals_1m` s
JOIN days_before d ON d.symbol = s.symbol AND d.trade_date = s.trade_date
WHERE s.regular
GROUP BY 1
ORDER BY 1
