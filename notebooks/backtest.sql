-- Databricks notebook source
-- A backtest's result: the runs, their metrics (strategy next to random entries), trades, equity, attribution.
-- ./l2lake backtest --from D1 --to D2 writes these tables; the latest run is shown unless you pick a run_id.

-- COMMAND ----------
-- Runs, newest first: strategy and random-entry control side by side
SELECT run_id, entries, from_date, to_date, trade_count, round(total_return, 4) AS total_return,
       round(sharpe, 2) AS sharpe, round(sortino, 2) AS sortino, round(max_drawdown, 4) AS max_drawdown,
       round(win_rate, 3) AS win_rate, round(profit_factor, 2) AS profit_factor,
       round(average_hold_bars, 1) AS average_hold_bars, round(exposure, 3) AS exposure,
       round(net_pnl, 2) AS net_pnl, round(total_costs, 2) AS total_costs
FROM delta.`${lake}/gold/backtest_runs`
ORDER BY created_at DESC, entries DESC

-- COMMAND ----------
-- The latest run's trades
CREATE OR REPLACE TEMPORARY VIEW latest_run AS
SELECT run_id FROM delta.`${lake}/gold/backtest_runs` ORDER BY created_at DESC LIMIT 1

-- COMMAND ----------
SELECT t.entries, t.symbol, t.entry_ts, t.entry_price, t.shares, t.entry_signal, round(t.entry_composite, 3) AS composite,
       t.exit_ts, t.exit_price, t.exit_reason, t.hold_bars, round(t.costs, 2) AS costs, round(t.pnl, 2) AS pnl,
       round(t.`return`, 4) AS trade_return
FROM delta.`${lake}/gold/backtest_trades` t JOIN latest_run r ON t.run_id = r.run_id
ORDER BY t.entries DESC, t.entry_ts

-- COMMAND ----------
-- The latest run's equity curve and drawdown, per day
SELECT e.entries, e.trade_date, round(e.equity, 2) AS equity,
       round(e.equity / max(e.equity) OVER (PARTITION BY e.entries ORDER BY e.trade_date) - 1, 4) AS drawdown,
       e.open_positions, e.exposed
FROM delta.`${lake}/gold/backtest_equity` e JOIN latest_run r ON e.run_id = r.run_id
ORDER BY e.entries DESC, e.trade_date

-- COMMAND ----------
-- Where the PnL came from: by exit reason and by entry signal (strategy and control)
SELECT b.entries, 'exit reason' AS breakdown, x.key AS name, x.value.n AS trades, round(x.value.pnl, 2) AS pnl
FROM delta.`${lake}/gold/backtest_runs` b JOIN latest_run r ON b.run_id = r.run_id
LATERAL VIEW explode(b.attribution_by_exit) x AS key, value
UNION ALL
SELECT b.entries, 'entry signal', x.key, x.value.n, round(x.value.pnl, 2)
FROM delta.`${lake}/gold/backtest_runs` b JOIN latest_run r ON b.run_id = r.run_id
LATERAL VIEW explode(b.attribution_by_signal) x AS key, value
ORDER BY 1 DESC, 2, 5 DESC

-- COMMAND ----------
-- The binding stop over the latest run's positions: which component set the stop, bar by bar
SELECT binding_reason, count(*) AS bars, count(DISTINCT position_id) AS positions
FROM delta.`${lake}/gold/backtest_stops` s JOIN latest_run r ON s.run_id = r.run_id
GROUP BY binding_reason
ORDER BY bars DESC

-- COMMAND ----------
-- Skill or luck: the strategy's mean net return per trade against matched random draws (same symbol, nearby days,
-- same minute of day, same sizing, stops and costs); p is the share of draws at least as good
SELECT c.run_id, c.trades, c.draws, round(100 * c.mean_return, 3) AS mean_return_pct,
       round(100 * c.mean_return_low, 3) AS low_pct, round(100 * c.mean_return_high, 3) AS high_pct,
       round(100 * c.draws_mean_return, 3) AS draws_mean_pct, round(100 * c.draws_p05, 3) AS draws_p05_pct,
       round(100 * c.draws_p95, 3) AS draws_p95_pct, round(c.p_value, 4) AS p_value,
       round(100 * c.mean_capital_return, 4) AS mean_pct_of_capital
FROM delta.`${lake}/gold/backtest_controls` c JOIN latest_run r ON c.run_id = r.run_id

-- COMMAND ----------
-- The latest run's gaps: what the tracker said the day before, whether a position was held into the open, the oracle
SELECT g.entries, g.symbol, g.gap_date, g.source, round(g.gap, 3) AS gap, g.state_before, g.status, g.exit_reason,
       g.exit_ts, round(g.trade_return, 4) AS trade_return, round(g.oracle_return, 4) AS oracle_return,
       round(g.oracle_pnl, 2) AS oracle_pnl
FROM delta.`${lake}/gold/backtest_gaps` g JOIN latest_run r ON g.run_id = r.run_id
ORDER BY g.entries DESC, g.gap_date, g.symbol
