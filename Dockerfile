# Multi-stage build: the runtime image holds only the binary (assets and migrations are embedded).
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/parley /usr/local/bin/parley
ENV PARLEY_DATA_DIR=/data
EXPOSE 8080
CMD ["parley", "serve"]
