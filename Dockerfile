# A minimal image of ccsim with the shipped scenarios (for the cluster examples, docs/cluster.md).
#   docker build -t ccsim .
#   docker run --rm ccsim run scenarios/retail-day.toml
FROM rust:1.89-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin ccsim

FROM debian:bookworm-slim
COPY --from=build /src/target/release/ccsim /usr/local/bin/ccsim
COPY scenarios /opt/ccsim/scenarios
WORKDIR /opt/ccsim
ENTRYPOINT ["ccsim"]
