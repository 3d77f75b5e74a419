"""The progress bar of `dl-parity train`."""


class Progress:
    """A one-line progress bar with the current cost, on a terminal; on a pipe or a file, a line
    at each quarter of the run (so logs stay short)."""

    WIDTH = 28

    def __init__(self, label, total, stream):
        self.label, self.total, self.stream = label, total, stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.next_quarter = 1

    def _line(self, done, cost):
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        shown = "" if cost is None else f"  cost {cost:.6f}"
        return f"{self.label:>8} [{bar}] {done:>{len(str(self.total))}}/{self.total}{shown}"

    def update(self, done, cost):
        if self.tty:
            print(f"\r\033[K{self._line(done, cost)}", end="", file=self.stream, flush=True)
        elif cost is not None and done < self.total and done * 4 >= self.next_quarter * self.total:
            self.next_quarter = 4 * done // self.total + 1
            print(self._line(done, cost), file=self.stream, flush=True)

    def close(self, done, cost, seconds):
        end = f"{self._line(done, cost)}  {seconds:.1f} s"
        print(f"\r\033[K{end}" if self.tty else end, file=self.stream, flush=True)
