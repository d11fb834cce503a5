package io.l2lake.gpu;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SparkContext;

/**
 * Collects the RAPIDS plugin's plan explanations into a {@link PlanTally}, each under the stage that was
 * running: the plugin logs on the thread that plans the query, whose Spark job group every l2lake stage
 * sets to {@code <stage>-<run id>}. The plugin's loggers stop writing to the console while installed.
 */
public final class ExplainCapture extends AbstractAppender {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExplainCapture.class);
  /** Logger of the plugin's plan rewriting (its explanations) and the rest of the plugin. */
  public static final String LOGGER = "com.nvidia.spark.rapids";

  private final PlanTally tally;
  private final java.util.concurrent.atomic.AtomicInteger captured = new java.util.concurrent.atomic.AtomicInteger();
  private volatile SparkContext context;
  private volatile java.io.Writer raw;

  private ExplainCapture(PlanTally tally) {
    super("l2lake-gpu-plan", null, null, true, Property.EMPTY_ARRAY);
    this.tally = tally;
  }

  /** Installs a capture into {@code tally} on the plugin's logger. */
  public static ExplainCapture install(PlanTally tally) {
    ExplainCapture c = new ExplainCapture(tally);
    c.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    cfg.addAppender(c);
    LoggerConfig lc = cfg.getLoggers().get(LOGGER);
    if (lc == null) {
      lc = new LoggerConfig(LOGGER, Level.INFO, false);
      cfg.addLogger(LOGGER, lc);
    }
    lc.setLevel(Level.INFO);
    lc.setAdditive(false);
    lc.addAppender(c, Level.INFO, null);
    ctx.updateLoggers();
    return c;
  }

  /** Detaches the capture from the plugin's logger (its explanations go back to the console). */
  public void uninstall() {
    raw = null;
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig lc = ctx.getConfiguration().getLoggers().get(LOGGER);
    if (lc != null) {
      lc.removeAppender(getName());
    }
    ctx.updateLoggers();
    stop();
  }

  /** The context whose job groups name the stages (set once the session exists). */
  public void attach(SparkContext sc) {
    this.context = sc;
  }

  /** Also appends every explanation, under its stage, to {@code writer} (closed by the caller). */
  public void copyTo(java.io.Writer writer) {
    this.raw = writer;
  }

  /** Explanations captured so far. */
  public int captured() {
    return captured.get();
  }

  @Override
  public void append(LogEvent event) {
    String text = event.getMessage().getFormattedMessage();
    if (text == null || !text.contains(" on GPU")) {
      return;
    }
    captured.incrementAndGet();
    SparkContext sc = context;
    String stage = stageOf(sc == null ? null : sc.getLocalProperty("spark.jobGroup.id"));
    tally.add(stage, text);
    java.io.Writer w = raw;
    if (w != null) {
      synchronized (this) {
        try {
          w.write("=== " + stage + "\n" + text + "\n");
        } catch (java.io.IOException e) {
          LOG.warn("could not copy a plan explanation: " + e.getMessage());
        }
      }
    }
  }

  /** The stage of a job group ({@code bars-20261202...} is {@code bars}). */
  static String stageOf(String jobGroup) {
    if (jobGroup == null || jobGroup.isEmpty()) {
      return "other";
    }
    int dash = jobGroup.indexOf('-');
    return dash > 0 ? jobGroup.substring(0, dash) : jobGroup;
  }
}
