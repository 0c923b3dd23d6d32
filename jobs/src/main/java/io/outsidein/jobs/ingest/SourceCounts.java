package io.outsidein.jobs.ingest;

/**
 * What one source's ingest counted, before judging it: records read from readable files, how they were
 * classified (valid or rejected), files rejected whole, rows the silver MERGE inserted and how much silver grew.
 */
record SourceCounts(long records, long valid, long rejected, long rejectedFiles, long written, long silverGrowth) {
  /** Records read: every record of a readable file, and each file rejected whole as one. */
  long read() {
    return records + rejectedFiles;
  }

  long quarantined() {
    return rejected + rejectedFiles;
  }

  /** Valid records whose natural key was already in silver or earlier in the batch. */
  long duplicate() {
    return valid - written;
  }
}
