# The image the compose file's migrate and worker services run.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY earmark earmark
COPY models models
COPY worker worker
COPY migrations migrations
RUN pip install --no-cache-dir .
USER nobody
ENTRYPOINT ["earmark"]
