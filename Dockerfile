# Huiban: one image for the web app and the worker (compose.yaml runs it twice with different commands).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx next build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
COPY --from=build /app /app
RUN useradd --system --uid 1001 huiban && mkdir -p /app/.data && chown -R huiban /app/.data
USER huiban
EXPOSE 3000
# compose.yaml runs the one-shot `migrate` service (migrations + first admin) before web and worker.
CMD ["node_modules/.bin/next", "start", "-p", "3000"]
