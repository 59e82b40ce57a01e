# The rollout-lens CLI as a container image:
#   docker build -t rollout-lens .
#   docker run --rm -v "$PWD:/work" rollout-lens lint .
# Stage 1 builds the CLI's npm package (one bundle, no runtime dependencies) from this repository; stage 2 installs
# only that package on a slim Node image. The image runs as the unprivileged `node` user in /work.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/pack-cli.mjs --out /pkg

FROM node:20-bookworm-slim AS cli
COPY --from=build /pkg /pkg
RUN npm install --global --no-audit --no-fund /pkg/rollout-lens-*.tgz && rm -rf /pkg /root/.npm
USER node
WORKDIR /work
ENTRYPOINT ["rollout-lens"]
CMD ["lint", "."]
