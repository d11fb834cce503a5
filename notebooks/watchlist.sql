-- Databricks notebook source
-- Today's watchlist: which stocks the tracker sees being accumulated, and what fired today.
-- Tables are addressed by path; set the lake root in the widget/variable `lake` (default data-lake).
-- With the catalog (./l2lake sql, ./l2lake serve) the same tables are gold.watchlist, gold.accumulation, ...

-- COMMAND ----------
-- The watchlist: every symbol's latest tracker state, strongest first
SELECT symbol, trade_date, state, days_since_trigger, round(day_score, 3) AS day_score,
       round(score_5, 3) AS score_5, round(score_20, 3) AS score_20, accumulating_days_10,
       round(volume_multiple, 2) AS volume_multiple, close
FROM delta.`${lake}/gold/watchlist`
ORDER BY CASE state WHEN 'TRIGGERED' THEN 0 WHEN 'READY' THEN 1 WHEN 'ACCUMULATING' THEN 2 WHEN 'WATCH' THEN 3 ELSE 4 END,
         day_score DESC

-- COMMAND ----------
-- Symbols whose state changed on the latest day, with the state before
SELECT symbol, trade_date, previous_state, state, round(day_score, 3) AS day_score
FROM (
  SELECT symbol, trade_date, state, day_score,
         lag(state) OVER (PARTITION BY symbol ORDER BY trade_date) AS previous_state,
         max(trade_date) OVER () AS latest
  FROM delta.`${lake}/gold/accumulation`)
WHERE trade_date = latest AND (previous_state IS NULL OR previous_state <> state)
ORDER BY symbol

-- COMMAND ----------
-- The last 20 tracker days of each symbol on the watchlist
SELECT a.symbol, a.trade_date, a.state, round(a.day_score, 3) AS day_score, round(a.mean_composite, 3) AS mean_composite,
       a.distinct_signals, a.longest_firing_run, round(a.off_exchange_share, 3) AS off_exchange_share,
       round(a.close_return, 4) AS close_return
FROM delta.`${lake}/gold/accumulation` a
JOIN (SELECT symbol, max(trade_date) AS last_day FROM delta.`${lake}/gold/accumulation` GROUP BY symbol) l
  ON a.symbol = l.symbol AND a.trade_date > date_sub(l.last_day, 28)
ORDER BY a.symbol, a.trade_date

-- COMMAND ----------
-- What fired on the latest day: minutes each signal fired, per symbol, and the peak composite
SELECT symbol, trade_date,
       sum(CAST(absorption_fires AS INT)) AS absorption, sum(CAST(creep_fires AS INT)) AS creep,
       sum(CAST(darkpool_fires AS INT)) AS darkpool, sum(CAST(sinkhole_fires AS INT)) AS sinkhole,
       sum(CAST(contraction_fires AS INT)) AS contraction, sum(CAST(fleeing AS INT)) AS fleeing_exits,
       sum(CAST(dumping AS INT)) AS dumping_exits, round(max(composite), 3) AS peak_composite
FROM delta.`${lake}/gold/signals_1m`
WHERE trade_date = (SELECT max(trade_date) FROM delta.`${lake}/gold/signals_1m`) AND regular
GROUP BY symbol, trade_date
ORDER BY peak_composite DESC
