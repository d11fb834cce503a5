package io.l2lake.stage;

import java.util.Map;

/** What a stage adds to its {@code ops.job_runs} row: rows in and counts of its own ({@code detail}). */
public record StageSummary(long rowsIn, Map<String, String> detail) {}
