package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.stage.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The example Airflow DAG (conf/airflow/outsidein_nightly.py) is valid Python, has one task per stage in the
 * night's order, and every command it runs is a spark-submit of the cluster jar with a valid outsidein command
 * line. Airflow itself is not installed: its three names are stood in for, the DAG file is executed as Airflow
 * would import it, and each task's command is rendered for a date.
 */
class AirflowDagTest {
  private static final Path DAG = Path.of(System.getProperty("outsidein.home"), "conf", "airflow",
      "outsidein_nightly.py");
  /** Stand-ins for airflow's DAG, BashOperator and Variable that record the tasks in the order of their edges. */
  private static final String HARNESS = String.join("\n",
      "import sys, types",
      "tasks = []",
      "class DAG:",
      "    def __init__(self, dag_id, **kw): self.dag_id = dag_id; self.kw = kw",
      "    def __enter__(self): return self",
      "    def __exit__(self, *a): return False",
      "class BashOperator:",
      "    def __init__(self, task_id, bash_command, **kw):",
      "        self.task_id = task_id; self.bash_command = bash_command; self.upstream = []; tasks.append(self)",
      "    def __rshift__(self, other): other.upstream.append(self); return other",
      "class Variable:",
      "    @staticmethod",
      "    def get(key, default_var=None): return default_var",
      "for name in ['airflow', 'airflow.models', 'airflow.operators', 'airflow.operators.bash']:",
      "    sys.modules[name] = types.ModuleType(name)",
      "sys.modules['airflow'].DAG = DAG",
      "sys.modules['airflow.models'].Variable = Variable",
      "sys.modules['airflow.operators.bash'].BashOperator = BashOperator",
      "code = compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')",
      "exec(code, {'__name__': 'dag'})",
      "for t in tasks:",
      "    up = ','.join(u.task_id for u in t.upstream) or '-'",
      "    print(t.task_id + '\\t' + up + '\\t' + t.bash_command.replace('{{ ds }}', '2026-11-23'))");

  @Test
  void everyTaskRunsAValidOutsideinCommandInTheNightsOrder() throws Exception {
    Process python = new ProcessBuilder("/usr/bin/python3", "-c", HARNESS, DAG.toString()).start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(err).isZero();
    List<String[]> tasks = out.lines().map(l -> l.split("\t")).toList();

    List<String> stages = Stages.nightly().stream().map(Stage::name).toList();
    assertThat(tasks.stream().map(t -> t[0]).toList()).isEqualTo(stages);
    for (int i = 0; i < tasks.size(); i++) {
      String[] task = tasks.get(i);
      assertThat(task[1]).as(task[0] + " runs after").isEqualTo(i == 0 ? "-" : stages.get(i - 1));
      List<String> words = Arrays.asList(task[2].trim().split("\\s+"));
      assertThat(words.get(0)).isEqualTo("spark-submit");
      assertThat(words).contains("--class", Main.class.getName());
      int jar = words.indexOf(Main.class.getName()) + 1;
      assertThat(words.get(jar)).endsWith(".jar");
      List<String> args = words.subList(jar + 1, words.size());
      assertThat(args.get(0)).isEqualTo(task[0]);
      assertThat(args).containsSequence("--date", "2026-11-23");
      // Parsed by the real command line: an unknown option, a missing value or a bad date fails here.
      CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(new String[0]));
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(task[0]);
      assertThat(parsed.subcommand().errors()).isEmpty();
    }
  }
}
