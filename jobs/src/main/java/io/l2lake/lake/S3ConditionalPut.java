package io.l2lake.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The writer lease on S3: created by a PUT carrying {@code If-None-Match: *}, which S3 accepts only when no
 * object has the key (HTTP 412 otherwise), so two drivers racing for it cannot both win. The header is set
 * on the request itself, through the S3A connector's own client (its credentials, endpoint and path style),
 * because the pinned hadoop-aws creates files with a check-then-put. Reads, heartbeats and removal go
 * through the S3A file system. Loaded only for {@code s3a://} lakes: the connector and the AWS SDK are on the
 * classpath there and nowhere else.
 */
final class S3ConditionalPut extends WriterLease.HadoopStore {
  private final S3Client client;
  private final String bucket;
  private final String key;

  private S3ConditionalPut(FileSystem fs, Path path, S3Client client) {
    super(fs, path);
    this.client = client;
    this.bucket = path.toUri().getHost();
    String p = path.toUri().getPath();
    this.key = p.startsWith("/") ? p.substring(1) : p;
  }

  static WriterLease.Store store(FileSystem fs, Path path) {
    S3Client client = ((S3AFileSystem) fs).getS3AInternals().getAmazonS3Client("l2lake writer lease");
    return new S3ConditionalPut(fs, path, client);
  }

  @Override
  public boolean createNew(String text) throws IOException {
    PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(key)
        .overrideConfiguration(c -> c.putHeader("If-None-Match", "*")).build();
    try {
      client.putObject(put, RequestBody.fromString(text, StandardCharsets.UTF_8));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw new IOException("conditional PUT of s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }
}
