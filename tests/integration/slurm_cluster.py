"""A one-node Slurm cluster from Debian's packages (slurm-wlm, munge), started by a
test in a temporary directory and stopped by the PIDs it wrote there: munged,
slurmctld and slurmd in the foreground, as root, without cgroups (processes
tracked by /proc, no task plugin). Nothing is enabled, nothing outlives the test,
and nothing is written outside the directory but what the packages themselves
keep in their own paths.

Commands run with `cluster.env` (SLURM_CONF set), e.g.
    cluster.run("sbatch", "--wait", script)"""

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import time

SLURM_CONF = """ClusterName=cofetch-test
SlurmctldHost={host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort={ctld_port}
SlurmdPort={d_port}
AuthType=auth/munge
AuthInfo=socket={dir}/munge.sock
CredType=cred/munge
StateSaveLocation={dir}/state
SlurmdSpoolDir={dir}/spool
SlurmctldPidFile={dir}/slurmctld.pid
SlurmdPidFile={dir}/slurmd.pid
SlurmctldLogFile={dir}/slurmctld.log
SlurmdLogFile={dir}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MinJobAge=300
NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memory} State=UNKNOWN
PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ClusterError(RuntimeError):
    pass


class SlurmCluster:
    def __init__(self, folder):
        if os.geteuid() != 0:
            raise ClusterError("a Slurm cluster needs root here (slurmd runs jobs as their users)")
        for program in ("munged", "slurmctld", "slurmd", "sbatch"):
            if not shutil.which(program, path="/usr/sbin:/usr/bin:/sbin:/bin"):
                raise ClusterError(f"{program} is missing: install slurm-wlm and munge (scripts/setup.sh --tests)")
        self.dir = pathlib.Path(folder)
        self.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)
        for sub in ("state", "spool"):
            (self.dir / sub).mkdir(mode=0o755, exist_ok=True)
        self.host = socket.gethostname().split(".")[0]
        self.env = dict(os.environ, SLURM_CONF=str(self.dir / "slurm.conf"))
        self.pid_files = []
        started = time.monotonic()
        try:
            self._start_munge()
            (self.dir / "slurm.conf").write_text(SLURM_CONF.format(
                host=self.host, dir=self.dir, ctld_port=free_port(), d_port=free_port(),
                cpus=os.cpu_count() or 1, memory=2048))
            self._start("slurmctld", ["slurmctld", "-D", "-f", str(self.dir / "slurm.conf")], "slurmctld.pid")
            self._start("slurmd", ["slurmd", "-D", "-f", str(self.dir / "slurm.conf")], "slurmd.pid")
            self._wait_for_idle_node()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - started

    def _start_munge(self):
        key = self.dir / "munge.key"
        key.write_bytes(os.urandom(1024))
        os.chmod(key, 0o400)
        done = subprocess.run(["munged", f"--key-file={key}", f"--socket={self.dir}/munge.sock",
                               f"--pid-file={self.dir}/munged.pid", f"--log-file={self.dir}/munged.log",
                               f"--seed-file={self.dir}/munge.seed", "--force"],
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise ClusterError(f"munged did not start: {done.stderr.strip()}")
        self.pid_files.append(self.dir / "munged.pid")

    def _start(self, name, command, pid_file):
        log = open(self.dir / f"{name}.out", "w")
        process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        log.close()
        self.pid_files.append(self.dir / pid_file)
        setattr(self, name, process)

    def _wait_for_idle_node(self):
        deadline = time.monotonic() + 60
        state = ""
        while time.monotonic() < deadline:
            for name in ("slurmctld", "slurmd"):
                process = getattr(self, name)
                if process.poll() is not None:
                    raise ClusterError(f"{name} exited ({process.returncode}): "
                                       + (self.dir / f"{name}.out").read_text()[-2000:]
                                       + self.log(name)[-2000:])
            done = self.run("sinfo", "-h", "-N", "-o", "%T", check=False)
            state = done.stdout.strip()
            if state == "idle":
                return
            time.sleep(0.2)
        raise ClusterError(f"the node is not idle after 60 s (sinfo: {state!r}): " + self.log("slurmctld")[-2000:])

    def log(self, name):
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def run(self, *args, check=True, timeout=120, cwd=None, env=None):
        done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout,
                              env=dict(self.env, **(env or {})), cwd=cwd)
        if check and done.returncode != 0:
            raise ClusterError(f"{' '.join(map(str, args))} failed ({done.returncode}): {done.stderr}")
        return done

    def stop(self):
        """Stops slurmd, slurmctld and munged by the PIDs in their pid files (and the
        processes this object started, should a pid file be missing)."""
        for pid_file in reversed(self.pid_files):
            try:
                pid = int(pid_file.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            self._end(pid)
        for name in ("slurmd", "slurmctld"):
            process = getattr(self, name, None)
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)

    @staticmethod
    def _end(pid):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            try:
                os.waitpid(pid, os.WNOHANG)  # our own child: reap it
            except ChildProcessError:
                pass
            time.sleep(0.05)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
