package io.outsidein.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 as survey tools and spreadsheets write it. */
class CsvRecordsTest {
  private static List<CsvRecords.Record> records(String text) {
    List<CsvRecords.Record> all = new ArrayList<>();
    Iterator<CsvRecords.Record> records = CsvRecords.records(new StringReader(text));
    records.forEachRemaining(all::add);
    return all;
  }

  @Test
  void aQuotedLineBreakIsPartOfOneRecordWhoseTextIsKeptWhole() {
    String comment = "\"Waited an hour.\r\nThen, the agent said \"\"call back\"\".\r\nC0000042,nps,0\"";
    List<CsvRecords.Record> records = records("id,customer_id,comment\r\nr1,C1," + comment + "\r\nr2,C2,fine\r\n");

    assertThat(records).hasSize(3);
    assertThat(records.get(1).values()).containsExactly("r1", "C1",
        "Waited an hour.\r\nThen, the agent said \"call back\".\r\nC0000042,nps,0");
    assertThat(records.get(1).raw()).isEqualTo("r1,C1," + comment);
    assertThat(records.get(2).values()).containsExactly("r2", "C2", "fine");
    assertThat(records.get(2).number()).isEqualTo(3);
  }

  @Test
  void hashIsTextBlanksAreKeptBlankLinesAndTheByteOrderMarkAreNotRecords() {
    List<CsvRecords.Record> records = records("\uFEFFid,comment\n\n#1, two words \n   \n2,\"\"\n3,\n");

    assertThat(records.get(0).values()).containsExactly("id", "comment");
    assertThat(records.get(1).values()).containsExactly("#1", " two words ");
    // A quoted empty field is an empty value, an unquoted one none at all.
    assertThat(records.get(2).values()).containsExactly("2", "");
    assertThat(records.get(3).values()).containsExactly("3", null);
    assertThat(records).hasSize(4);
  }

  @Test
  void anUnclosedQuoteRunsToTheEndAsOneRecordThatTheFieldCountMarks() {
    List<CsvRecords.Record> records = records("a,b\n1,\"open\n2,x\n");

    assertThat(records).hasSize(2);
    assertThat(records.get(1).values()).hasSize(2);
    assertThat(records.get(1).raw()).isEqualTo("1,\"open\n2,x");
  }

  @Test
  void rawFieldsKeepQuotesSoThatARecordJoinsBackAsItWas() {
    String record = "r1,\"a, \"\"b\"\"\nc\",,\" x \"";
    List<String> fields = CsvRecords.rawFields(record);

    assertThat(fields).containsExactly("r1", "\"a, \"\"b\"\"\nc\"", "", "\" x \"");
    assertThat(String.join(",", fields)).isEqualTo(record);
    assertThat(CsvRecords.unquote(fields.get(1))).isEqualTo("a, \"b\"\nc");
    assertThat(CsvRecords.values("a, b ,\"c,d\"")).containsExactly("a", " b ", "c,d");
  }
}
