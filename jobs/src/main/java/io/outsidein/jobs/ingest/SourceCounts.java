package io.outsidein.jobs.ingest;

/**
 * What one source's ingest counted, before judging it: records read from readable files, how they were
 * classified (valid or rejected; conflicts among the valid), files rejected whole, rows appended to silver and
 * how much silver grew.
 */
record SourceCounts(long records, long valid, long rejected, long conflicts, long rejectedFiles, long written,
    long silverGrowth) {
  /** Records read: every record of a readable file, and each file rejected whole as one. */
  long read() {
    return records + rejectedFiles;
  }

  /** Rejected records, conflicts (valid, but another record holds their key) and files rejected whole. */
  long quarantined() {
    return rejected + conflicts + rejectedFiles;
  }

  /** Valid records delivered again: the same content under a key already in silver or earlier in the batch. */
  long duplicate() {
    return valid - conflicts - written;
  }
}
