/**
 * Column functions that no built-in Spark expression can express: {@link io.l2lake.udfs.RunningMedian}, the
 * exact running median of a window (an aggregate, CPU only; its class says why). Each function is one class named
 * after its SQL name, with a CPU row path (Spark's {@code UDFn}) and, compiled in the opt-in GPU
 * profile, a RAPIDS columnar path ({@code com.nvidia.spark.RapidsUDF#evaluateColumnar}) that closes
 * every cudf intermediate; a test checks that both paths agree where a GPU exists.
 *
 * <p>A function belongs here only when built-in expressions and window functions cannot do the job:
 * a UDF is opaque to the optimiser and, without its columnar path, a CPU fallback under RAPIDS.
 */
package io.l2lake.udfs;
