package io.outsidein.common.config;

import java.util.Optional;

/** The s3a endpoint; credentials are deliberately absent: they come from the AWS provider chain. */
public record S3Settings(Optional<String> endpoint, boolean pathStyleAccess, boolean sslEnabled) {
  static S3Settings read(ConfigReader s3) {
    String endpoint = s3.string("endpoint").trim();
    return new S3Settings(endpoint.isEmpty() ? Optional.empty() : Optional.of(endpoint),
        s3.bool("path-style-access"), s3.bool("ssl-enabled"));
  }
}
