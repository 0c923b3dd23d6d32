"""Query the outsidein SQL endpoint (Spark Thrift Server, HiveServer2 protocol) from Python.

One JVM and one JDBC connection per process, through JPype and the Hive JDBC driver that is on the
project's runtime classpath (jobs/target/lib). Configuration comes from environment variables:

OUTSIDEIN_JDBC_URL        default jdbc:hive2://127.0.0.1:10000/default
OUTSIDEIN_JDBC_CLASSPATH  jars for the driver (os.pathsep separated; entries may be globs or folders);
                          default: every jar in <repo>/jobs/target/lib
OUTSIDEIN_GOLD            gold database name, default gold (CI uses gold_acc)
OUTSIDEIN_RUN_DATE        run date to show (yyyy-MM-dd); default: latest run_date in <gold>.dash_freshness
"""

import glob
import os
from pathlib import Path

import pandas as pd

_REPO = Path(__file__).resolve().parent.parent
_JPYPE_SUPPORT_JAR = "/usr/share/java/org.jpype.jar"
_connection = None


def jdbc_url():
    return os.environ.get("OUTSIDEIN_JDBC_URL") or "jdbc:hive2://127.0.0.1:10000/default"


def gold():
    """The gold database name."""
    return os.environ.get("OUTSIDEIN_GOLD") or "gold"


def _classpath():
    configured = os.environ.get("OUTSIDEIN_JDBC_CLASSPATH")
    entries = configured.split(os.pathsep) if configured else [str(_REPO / "jobs" / "target" / "lib")]
    jars = []
    for entry in filter(None, entries):
        if os.path.isdir(entry):
            jars.extend(sorted(glob.glob(os.path.join(entry, "*.jar"))))
        elif any(c in entry for c in "*?["):
            jars.extend(sorted(glob.glob(entry)))
        else:
            jars.append(entry)
    if not jars:
        raise RuntimeError(
            f"no JDBC client jars found in {entries}; build the project (jobs/target/lib) "
            "or set OUTSIDEIN_JDBC_CLASSPATH")
    if os.path.exists(_JPYPE_SUPPORT_JAR):
        jars.insert(0, _JPYPE_SUPPORT_JAR)
    return jars


def _connect():
    global _connection
    if _connection is None:
        import jpype
        if not jpype.isJVMStarted():
            # Quiet the driver's log4j/slf4j chatter where the configuration honours these.
            jpype.startJVM("-Dlog4j2.level=WARN", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                           classpath=_classpath(), convertStrings=True)
        jpype.JClass("org.apache.hive.jdbc.HiveDriver")  # registers the driver
        manager = jpype.JClass("java.sql.DriverManager")
        try:
            _connection = manager.getConnection(jdbc_url(), os.environ.get("USER", "analyst"), "")
        except Exception as e:
            raise RuntimeError(f"cannot connect to the SQL endpoint at {jdbc_url()} "
                               f"(start it with bin/outsidein serve): {e}") from None
    return _connection


_INT, _FLOAT, _BOOL = None, None, None


def _type_sets():
    global _INT, _FLOAT, _BOOL
    if _INT is None:
        import jpype
        t = jpype.JClass("java.sql.Types")
        _INT = {int(t.BIGINT), int(t.INTEGER), int(t.SMALLINT), int(t.TINYINT)}
        _FLOAT = {int(t.DOUBLE), int(t.FLOAT), int(t.DECIMAL), int(t.NUMERIC), int(t.REAL)}
        _BOOL = {int(t.BOOLEAN), int(t.BIT)}
    return _INT, _FLOAT, _BOOL


def query(sql):
    """Run one SQL statement on the endpoint and return its result as a pandas DataFrame."""
    connection = _connect()
    ints, floats, bools = _type_sets()
    statement = connection.createStatement()
    try:
        rs = statement.executeQuery(sql)
        meta = rs.getMetaData()
        count = int(meta.getColumnCount())
        names = [str(meta.getColumnLabel(i)) for i in range(1, count + 1)]
        names = [n.split(".", 1)[1] if "." in n else n for n in names]
        types = [int(meta.getColumnType(i)) for i in range(1, count + 1)]
        getters = []
        for i, t in enumerate(types, start=1):
            if t in ints:
                getters.append((i, lambda r, i=i: int(r.getLong(i))))
            elif t in floats:
                getters.append((i, lambda r, i=i: float(r.getDouble(i))))
            elif t in bools:
                getters.append((i, lambda r, i=i: bool(r.getBoolean(i))))
            else:
                getters.append((i, lambda r, i=i: r.getString(i)))
        rows = []
        while rs.next():
            row = []
            for _, get in getters:
                value = get(rs)
                row.append(None if rs.wasNull() else value)
            rows.append(row)
        rs.close()
    finally:
        statement.close()
    frame = pd.DataFrame(rows, columns=names)
    for name, t in zip(names, types):
        if t in floats:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
        elif t in ints and frame[name].isna().any():
            frame[name] = frame[name].astype("Int64")
    return frame


_run_date = None


def run_date():
    """The run date shown: OUTSIDEIN_RUN_DATE, else the latest run_date in <gold>.dash_freshness (None if empty)."""
    global _run_date
    if _run_date is None:
        configured = os.environ.get("OUTSIDEIN_RUN_DATE")
        if configured:
            _run_date = configured
        else:
            latest = query(f"SELECT CAST(max(run_date) AS STRING) AS d FROM {gold()}.dash_freshness")
            _run_date = latest["d"].iloc[0] if len(latest) else None
    return _run_date


def dash(table, where=None, order_by=None):
    """Rows of <gold>.<table> for the run date (optionally filtered and ordered)."""
    d = run_date()
    if d is None:
        return query(f"SELECT * FROM {gold()}.{table} WHERE false")
    sql = f"SELECT * FROM {gold()}.{table} WHERE run_date = DATE'{d}'"
    if where:
        sql += f" AND ({where})"
    if order_by:
        sql += f" ORDER BY {order_by}"
    return query(sql)


# ---- small helpers shared by the notebooks ------------------------------------------------------

def flag(series):
    """A boolean column as plain bools (null -> False), whatever type the driver returned."""
    return series.fillna(False).astype(bool)


def is_num(value):
    """True when value is a real number (not None / NaN / pd.NA)."""
    try:
        return value is not None and not pd.isna(value)
    except (TypeError, ValueError):
        return False


def interval(value, low, high, digits=1, scale=1.0, unit=""):
    """'12.3 [8.1, 16.4]' or, with unit ' %', '12.3 % [8.1, 16.4]' (times scale); 'suppressed' when value is null."""
    if not is_num(value):
        return "suppressed"
    f = lambda v: f"{v * scale:.{digits}f}" if is_num(v) else "?"
    return f"{f(value)}{unit} [{f(low)}, {f(high)}]"


def num(values):
    """Values as a float Series (nulls -> NaN), whatever type the driver returned."""
    return pd.to_numeric(pd.Series(values), errors="coerce").astype(float).reset_index(drop=True)


def errors(values, lows, highs, scale=1.0):
    """Asymmetric error bar lengths [below, above] (never negative, 0 when unknown) for xerr / yerr."""
    v, lo, hi = (num(x) * scale for x in (values, lows, highs))
    return [(v - lo).clip(lower=0).fillna(0).to_numpy(), (hi - v).clip(lower=0).fillna(0).to_numpy()]


def plot_intervals(ax, labels, values, lows, highs, ns=None, scale=1.0, horizontal=True, color=None):
    """One point with its interval per label; a null value is written as 'suppressed (n=..)' (or 'no data' when n is
    unknown too), never drawn as 0.

    Returns how many points were drawn.
    """
    import numpy as np
    labels = [str(x) for x in labels]
    v = num(values) * scale
    ns = list(ns) if ns is not None else [None] * len(labels)
    pos = np.arange(len(labels))
    shown = v.notna().to_numpy()
    below, above = errors(values, lows, highs, scale)
    if shown.any():
        if horizontal:
            ax.errorbar(v[shown], pos[shown], xerr=[below[shown], above[shown]], fmt="o", capsize=3, color=color)
        else:
            ax.errorbar(pos[shown], v[shown], yerr=[below[shown], above[shown]], fmt="o", capsize=3, color=color)
    for p, n, drawn in zip(pos, ns, shown):
        if drawn:
            continue
        text = f"suppressed (n={int(n)})" if is_num(n) else "no data"
        if horizontal:
            ax.text(0.02, p, text, transform=ax.get_yaxis_transform(), va="center", color="grey", fontsize=8)
        else:
            ax.text(p, 0.04, text.replace(" (", "\n("), transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", color="grey", fontsize=8)
    if horizontal:
        ax.set_yticks(pos)
        ax.set_yticklabels(labels)
        ax.set_ylim(len(labels) - 0.5, -0.5)
    else:
        ax.set_xticks(pos)
        ax.set_xticklabels(labels)
        ax.set_xlim(-0.5, len(labels) - 0.5)
    return int(shown.sum())


def overlap(a_low, a_high, b_low, b_high):
    """True when two intervals overlap (or an end is unknown)."""
    if not all(is_num(x) for x in (a_low, a_high, b_low, b_high)):
        return True
    return a_low <= b_high and b_low <= a_high


def wilson(successes, n, z=1.96):
    """Wilson score interval (low, high) of successes / n; (nan, nan) when n is 0."""
    import math
    if not n:
        return float("nan"), float("nan")
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def no_rows(what):
    """The sentence printed instead of a chart when a table has nothing for the run date."""
    d = run_date()
    return f"{what}: no rows for {d}." if d else f"{what}: no run date ({gold()}.dash_freshness is empty)."
