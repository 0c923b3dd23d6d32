package io.outsidein.jobs.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A JDBC client in a JVM of its own, as a BI tool is: {@code JdbcClient <url> <sql>...} runs each statement
 * through the Hive JDBC driver and prints, per statement, one line {@code <n>\t<first column of the first row>},
 * n the rows returned. Exit 1 with the error on standard error when a statement fails.
 */
public final class JdbcClient {
  private JdbcClient() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], "outsidein-test", "");
        Statement statement = connection.createStatement()) {
      for (int i = 1; i < args.length; i++) {
        try (ResultSet rows = statement.executeQuery(args[i])) {
          long n = 0;
          String first = "";
          while (rows.next()) {
            if (n == 0) {
              first = String.valueOf(rows.getObject(1));
            }
            n++;
          }
          System.out.println(n + "\t" + first);
        } catch (SQLException e) {
          System.err.println("Failed: " + args[i] + ": " + e.getMessage());
          System.exit(1);
        }
      }
    }
  }
}
