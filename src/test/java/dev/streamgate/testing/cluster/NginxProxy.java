package dev.streamgate.testing.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * nginx (the Debian package) in front of the instances, round-robin, as an SSE-safe proxy: no
 * buffering, no caching, hour-long read timeouts, HTTP/1.1 upstream, and a failed connect tried on
 * the next instance — the local stand-in for a Kubernetes Service or Ingress. Also serves {@code
 * /it/} (static test pages, same origin as the streams). Runs as one process ({@code master_process
 * off}), so its PID is the whole proxy.
 */
public final class NginxProxy {

  private final int port;
  private final Path dir;
  private ManagedProcess process;

  NginxProxy(Path dir) {
    this.port = Ports.free();
    this.dir = dir;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Where {@code /it/} is served from. */
  public Path pages() {
    return dir.resolve("www");
  }

  void start(List<StreamgateNode> upstreams) {
    try {
      Files.createDirectories(pages());
      Files.createDirectories(dir.resolve("tmp"));
      String servers =
          upstreams.stream()
              .map(n -> "    server 127.0.0.1:" + n.port() + " max_fails=0;")
              .collect(Collectors.joining("\n"));
      String conf =
          """
          daemon off;
          master_process off;
          worker_processes 1;
          pid %1$s/nginx.pid;
          error_log %1$s/nginx-error.log warn;
          events { worker_connections 4096; }
          http {
            types { text/html html; application/javascript js; }
            default_type application/octet-stream;
            access_log %1$s/nginx-access.log;
            client_body_temp_path %1$s/tmp/body;
            proxy_temp_path %1$s/tmp/proxy;
            fastcgi_temp_path %1$s/tmp/fastcgi;
            uwsgi_temp_path %1$s/tmp/uwsgi;
            scgi_temp_path %1$s/tmp/scgi;
            upstream streamgate {
          %2$s
          }
            server {
              listen 127.0.0.1:%3$d;
              location /it/ { alias %1$s/www/; }
              location / {
                proxy_pass http://streamgate;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $host;
                proxy_buffering off;
                proxy_cache off;
                proxy_request_buffering off;
                proxy_connect_timeout 2s;
                proxy_read_timeout 1h;
                proxy_send_timeout 1h;
                proxy_next_upstream error timeout http_502 http_503;
                proxy_next_upstream_tries 3;
              }
            }
          }
          """
              .formatted(dir, servers, port);
      Files.writeString(dir.resolve("nginx.conf"), conf);
      process =
          ManagedProcess.start(
              "nginx",
              List.of(
                  LocalCluster.nginxExecutable(),
                  "-p",
                  dir.toString(),
                  "-e",
                  dir.resolve("nginx-early.log").toString(),
                  "-c",
                  dir.resolve("nginx.conf").toString()),
              dir,
              dir.resolve("nginx.out"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean alive() {
    return process != null && process.alive();
  }

  public ManagedProcess process() {
    return process;
  }

  void stop() {
    if (process != null) {
      process.stop(java.time.Duration.ofSeconds(5));
    }
  }
}
