# Huiban: one image for the web app and the worker (compose.yaml runs it twice with different commands).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
# .dockerignore keeps .env*, .data, .git and build/test output out of the context (lib/security/dockerignore.test.ts).
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx next build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
RUN useradd --system --uid 1001 --no-create-home huiban
# The approval PDF embeds a subset of Noto Sans CJK (PDF_FONT_PATH, docs/comments-and-print.md).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
# Code stays root-owned and read-only to the app; only .data (uploads, attachment copies) is writable.
RUN mkdir -p /app/.data && chown -R huiban /app/.data
USER huiban:huiban
EXPOSE 3000
# compose.yaml runs the one-shot `migrate` service (migrations + first admin) before web and worker.
CMD ["node_modules/.bin/next", "start", "-p", "3000"]
