package io.outsidein.jobs.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts the project's own processes (nights, {@code serve}, {@code sql} and notebooks in JVMs
 * of their own) instead of calling the stages in the test JVM's one session. Each child JVM pays Spark's start and
 * its cold code again, so these few classes are about 40 % of the suite's CPU. They run in {@code .ci/run} (the
 * README's test command, {@code mvn -B verify -Psystem-tests}); a plain {@code mvn -B verify} leaves them out and
 * stays within the team's 15 minutes. To run one: {@code mvn -B test -Psystem-tests -Dtest=...}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SystemTest.TAG)
public @interface SystemTest {
  String TAG = "system";
}
