-- Databricks notebook source
-- Walk-forward calibration results (./l2lake calibrate --grid FILE): which parameters held up out of sample.

-- COMMAND ----------
-- The latest calibration's combinations, best mean out-of-sample metric first, with the in-sample gap
CREATE OR REPLACE TEMPORARY VIEW latest_calibration AS
SELECT calibration_id FROM delta.`${lake}/gold/calibration` ORDER BY created_at DESC LIMIT 1

-- COMMAND ----------
SELECT c.combo_id, c.parameters, c.metric, count(*) AS folds,
       round(avg(c.is_sharpe), 3) AS is_sharpe, round(avg(c.oos_sharpe), 3) AS oos_sharpe,
       round(avg(c.is_net_pnl), 2) AS is_net_pnl, round(avg(c.oos_net_pnl), 2) AS oos_net_pnl,
       round(avg(c.is_net_pnl) - avg(c.oos_net_pnl), 2) AS pnl_gap, sum(c.oos_trade_count) AS oos_trades,
       round(avg(c.oos_rank), 2) AS mean_oos_rank
FROM delta.`${lake}/gold/calibration` c JOIN latest_calibration l ON c.calibration_id = l.calibration_id
WHERE c.scope = 'portfolio'
GROUP BY c.combo_id, c.parameters, c.metric
ORDER BY mean_oos_rank, combo_id

-- COMMAND ----------
-- The walk-forward choice of each fold (best in sample) and how it ranked out of sample
SELECT c.fold, c.train_from, c.train_to, c.test_from, c.test_to, c.combo_id, c.parameters,
       c.is_rank, c.oos_rank, round(c.oos_total_return, 4) AS oos_total_return, c.oos_trade_count
FROM delta.`${lake}/gold/calibration` c JOIN latest_calibration l ON c.calibration_id = l.calibration_id
WHERE c.scope = 'portfolio' AND c.selected
ORDER BY c.fold

-- COMMAND ----------
-- Per symbol, out of sample, for the walk-forward choices: is the result carried by a few names?
SELECT c.symbol, count(*) AS folds, sum(c.oos_trade_count) AS trades, round(sum(c.oos_net_pnl), 2) AS oos_net_pnl
FROM delta.`${lake}/gold/calibration` c JOIN latest_calibration l ON c.calibration_id = l.calibration_id
JOIN (SELECT calibration_id, fold, combo_id FROM delta.`${lake}/gold/calibration`
      WHERE scope = 'portfolio' AND selected) s
  ON s.calibration_id = c.calibration_id AND s.fold = c.fold AND s.combo_id = c.combo_id
WHERE c.scope = 'symbol'
GROUP BY c.symbol
ORDER BY oos_net_pnl DESC
