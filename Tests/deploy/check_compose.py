"""Structural checks of docker-compose.yml, .env.example and Dockerfile (no Docker engine needed).

Usage: python check_compose.py <repo root>. Prints PASS/FAIL per check; exits 1 when any fails.
"""
import re
import sys
from pathlib import Path

import yaml

CREDENTIAL_NAME = re.compile(r"(KEY|SECRET|PASSWORD|USER|TOKEN)", re.IGNORECASE)
REQUIRED_REF = re.compile(r"^\$\{([A-Z_][A-Z0-9_]*):\?[^}]+\}$")
REFERENCE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)")
failures = []


def check(name, condition, detail=""):
    """Records and prints one check's result."""
    print(("PASS " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def container_ports(service):
    """The container-side port of each published port mapping, as strings."""
    return [str(p).rsplit(":", 1)[-1] for p in service.get("ports", [])]


def check_minio(services, volumes):
    minio = services.get("minio", {})
    check("minio: image from quay.io/minio/minio with a pinned RELEASE tag",
          re.fullmatch(r"quay\.io/minio/minio:\$\{MINIO_TAG:-RELEASE\.[0-9TZ-]+\}", minio.get("image", "")),
          minio.get("image"))
    check("minio: container_name minio-server", minio.get("container_name") == "minio-server")
    command = " ".join(minio.get("command", [])) if isinstance(minio.get("command"), list) else str(minio.get("command"))
    check("minio: server /data --console-address :9001", command == "server /data --console-address :9001", command)
    check("minio: ports 9000 and 9001", {"9000", "9001"} <= set(container_ports(minio)), minio.get("ports"))
    mounts = [str(v).split(":")[0] for v in minio.get("volumes", [])]
    check("minio: data on a named volume", any(m in volumes for m in mounts), mounts)
    test = " ".join(minio.get("healthcheck", {}).get("test", []))
    check("minio: healthcheck (mc ready local or /minio/health/live)",
          "mc ready local" in test or "/minio/health/live" in test, test)


def check_init(services):
    init = services.get("minio-init", {})
    check("minio-init: image quay.io/minio/mc with a pinned RELEASE tag",
          re.fullmatch(r"quay\.io/minio/mc:\$\{MC_TAG:-RELEASE\.[0-9TZ-]+\}", init.get("image", "")), init.get("image"))
    script = " ".join(init.get("command", [])) + " " + " ".join(init.get("entrypoint", []))
    check("minio-init: mc alias set + mc mb --ignore-existing",
          "mc alias set" in script and "mc mb --ignore-existing" in script, script)
    check("minio-init: restart \"no\"", str(init.get("restart")) == "no", init.get("restart"))
    check("minio-init: waits for minio healthy",
          init.get("depends_on", {}).get("minio", {}).get("condition") == "service_healthy")


def check_app(services):
    app = services.get("app", {})
    check("app: build .", app.get("build") in (".", {"context": "."}), app.get("build"))
    check("app: container_name data-analytics-app", app.get("container_name") == "data-analytics-app")
    check("app: port 5000", container_ports(app) == ["5000"], app.get("ports"))
    deps = {k: v.get("condition") for k, v in app.get("depends_on", {}).items()}
    check("app: depends on minio healthy and minio-init completed",
          deps == {"minio": "service_healthy", "minio-init": "service_completed_successfully"}, deps)
    env = app.get("environment", {})
    check("app: MINIO_ENDPOINT=http://minio-server:9000", env.get("MINIO_ENDPOINT") == "http://minio-server:9000")
    for name in ("MINIO_ACCESS_KEY", "MINIO_SECRET_KEY", "DATAHUB_API_KEYS"):
        match = REQUIRED_REF.match(str(env.get(name, "")))
        check(f"app: {name} required from .env", bool(match and match.group(1) == name), env.get(name))
    check("app: BUCKET_NAME from .env", "BUCKET_NAME" in str(env.get("BUCKET_NAME", "")), env.get("BUCKET_NAME"))


def check_no_literal_credentials(services, text):
    for service_name, service in services.items():
        env = service.get("environment", {})
        if isinstance(env, list):
            env = dict(item.split("=", 1) for item in env)
        for key, value in env.items():
            if CREDENTIAL_NAME.search(key):
                check(f"{service_name}: {key} is a required .env reference, no default",
                      bool(REQUIRED_REF.match(str(value))), value)
    check("no minioadmin anywhere", "minioadmin" not in text.lower())


def check_network(compose, services):
    nets = compose.get("networks", {})
    net = nets.get("datahub-net") or {}
    check("network datahub-net is a bridge named datahub-net",
          net.get("driver") == "bridge" and net.get("name", "datahub-net") == "datahub-net", nets)
    for name, service in services.items():
        check(f"{name}: on datahub-net", "datahub-net" in (service.get("networks") or []), service.get("networks"))


def check_env_example(root, text):
    example = (root / ".env.example").read_text()
    documented = dict(re.findall(r"^([A-Z_][A-Z0-9_]*)=(.*)$", example, re.MULTILINE))
    for name in sorted(set(REFERENCE.findall(text))):
        check(f".env.example documents {name}", name in documented)
    for name, value in documented.items():
        if CREDENTIAL_NAME.search(name) and not name.endswith("_PORT"):
            check(f".env.example leaves {name} empty", value.strip() == "", value)


def check_dockerfile(root):
    text = (root / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)", text, re.MULTILINE)
    check("Dockerfile: two stages", len(stages) == 2, stages)
    check("Dockerfile: static Swift stdlib release build",
          "swift build -c release --product datahub --static-swift-stdlib" in text)
    check("Dockerfile: non-root USER", bool(re.search(r"^USER\s+(?!root|0\b)\S+", text, re.MULTILINE)))
    check("Dockerfile: EXPOSE 5000", bool(re.search(r"^EXPOSE\s+5000\b", text, re.MULTILINE)))
    check("Dockerfile: HEALTHCHECK runs datahub healthcheck",
          '"datahub", "healthcheck", "--url", "http://127.0.0.1:5000"' in text)
    check("Dockerfile: ENTRYPOINT datahub --api-only --host 0.0.0.0",
          'ENTRYPOINT ["datahub", "--api-only", "--host", "0.0.0.0"]' in text)


def main():
    root = Path(sys.argv[1])
    text = (root / "docker-compose.yml").read_text()
    compose = yaml.safe_load(text)
    services = compose.get("services", {})
    check("services are minio, minio-init, app", set(services) == {"minio", "minio-init", "app"}, sorted(services))
    check_minio(services, compose.get("volumes") or {})
    check_init(services)
    check_app(services)
    check_no_literal_credentials(services, text)
    check_network(compose, services)
    check_env_example(root, text)
    check_dockerfile(root)
    print(f"{len(failures)} structural check(s) failed" if failures else "all structural checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
