"""A real terminal for tests: tmux on a socket of its own."""

import subprocess


class Terminal:
    """A tmux session on its own socket, 120 columns wide."""

    def __init__(self, command, tmp_path):
        self.socket = str(tmp_path / "tmux.sock")
        self.tmux("new-session", "-d", "-s", "cofetch", "-x", "120", "-y", "30", command)

    def tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True, timeout=10)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "cofetch").stdout

    def close(self):
        self.tmux("kill-server")
