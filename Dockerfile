# The fact site in a container: the package wheel and its pinned dependencies in a venv, the
# database served immutable by the ASGI app under a non-root user. The image's steps are the
# project's own install target (`make deploy`), which tests/test_deploy.py runs from a fresh
# environment on every test run; containers are not built on the project's CI machines.
#
#   docker build -t diplofacts . && docker run -p 8001:8001 diplofacts
#
# Base image pinned by digest (python 3.11.7, Debian 12 slim; the digest as published for
# that tag). To update it, pull the new tag and pin its digest here.
FROM docker.io/library/python:3.11.7-slim-bookworm@sha256:d11b9bd5e49ea7401753d78f4d3b56f3aec952b85b49bcae88981f0452818e0b AS build
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# the wheel, installed with requirements.lock as constraints; facts.db and its inspect file
RUN make deploy DEPLOY=/srv/diplofacts PYTHON=python3

FROM docker.io/library/python:3.11.7-slim-bookworm@sha256:d11b9bd5e49ea7401753d78f4d3b56f3aec952b85b49bcae88981f0452818e0b
RUN useradd --system --no-create-home --home-dir /srv/diplofacts diplofacts
COPY --from=build /srv/diplofacts /srv/diplofacts
USER diplofacts
WORKDIR /srv/diplofacts
ENV FACTS_DB=/srv/diplofacts/facts.db
EXPOSE 8001
HEALTHCHECK --interval=30s --timeout=5s \
  CMD ["/srv/diplofacts/venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8001/-/versions.json', timeout=4)"]
CMD ["/srv/diplofacts/venv/bin/uvicorn", "diplofacts.asgi:app", "--workers", "2", "--host", "0.0.0.0", "--port", "8001"]
