# A local stand-in for the official redis image, from Debian's redis-server package, for machines
# that reach no image registry. compose.yaml gives the command (redis-server and its options).
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/*
USER redis
CMD ["redis-server", "--protected-mode", "no"]
