package io.outsidein.jobs.ingest;

/**
 * What one source's ingest counted, before judging it: records read from readable files, how they were
 * classified (valid or rejected; conflicts among the valid), the records of files rejected whole, rows appended
 * to silver and how much silver grew.
 */
record SourceCounts(long records, long valid, long rejected, long conflicts, long rejectedFileRecords, long written,
    long silverGrowth) {
  /** Records read: every record of a readable file, and those of files rejected whole (see FileRejection). */
  long read() {
    return records + rejectedFileRecords;
  }

  /** Rejected records, conflicts (valid, but another record holds their key) and records of rejected files. */
  long quarantined() {
    return rejected + conflicts + rejectedFileRecords;
  }

  /** Valid records delivered again: the same content under a key already in silver or earlier in the batch. */
  long duplicate() {
    return valid - conflicts - written;
  }
}
