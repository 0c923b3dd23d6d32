"""The outsidein night as an Apache Airflow DAG: one task per stage, each a spark-submit of the cluster jar.

Copy this file into your DAGs folder and set the Airflow Variables it reads (or edit the defaults below):
  outsidein_jar    the cluster jar (mvn -B -DskipTests package -> cluster/target/outsidein-cluster.jar),
                   on a path every worker sees
  outsidein_conf   the environment file, e.g. /opt/outsidein/conf/cluster.conf (metastore, warehouse, s3a)
  spark_master     e.g. spark://spark-master:7077 or yarn

Each task processes the run's logical date ({{ ds }}): the deliveries of that day. A stage run twice for a date
gives the same tables (Delta replaceWhere and MERGE), so Airflow's retries and reruns are safe. Exit codes: 1 a
stage failed (retried), 2 bad configuration, 3 the data-quality gate was breached (ops.run_log says why; a retry
fails the same way until the data is fixed).

Backfill: `airflow dags backfill outsidein_nightly -s 2026-11-01 -e 2026-11-30` runs the days one by one, in
order (max_active_runs = 1, depends_on_past). Faster for a long range: one batch per stage over the whole range,
outside Airflow: `spark-submit ... nightly --from 2026-11-01 --to 2026-11-30 --conf cluster.conf`.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator

JAR = Variable.get("outsidein_jar", default_var="/opt/outsidein/outsidein-cluster.jar")
CONF = Variable.get("outsidein_conf", default_var="/opt/outsidein/conf/cluster.conf")
MASTER = Variable.get("spark_master", default_var="spark://spark-master:7077")

# The night, in order (outsidein nightly runs the same list: jobs/.../cli/Stages.java).
STAGES = ["ingest", "journeys", "scores", "customers", "insights", "publish"]

SUBMIT = (
    "spark-submit --master {master} --deploy-mode client --class io.outsidein.jobs.cli.Main {jar} "
    "{stage} --date {{{{ ds }}}} --conf {conf}"
)

default_args = {
    "owner": "outsidein",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    # A stage needs yesterday's run of itself: late data of a day is merged into the days before it.
    "depends_on_past": True,
}

with DAG(
    dag_id="outsidein_nightly",
    description="outsidein: raw deliveries -> silver -> journeys -> scores -> customers -> insights -> dashboards",
    schedule="0 3 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["outsidein"],
) as dag:
    previous = None
    for stage in STAGES:
        task = BashOperator(
            task_id=stage,
            bash_command=SUBMIT.format(master=MASTER, jar=JAR, stage=stage, conf=CONF),
        )
        if previous is not None:
            previous >> task
        previous = task
