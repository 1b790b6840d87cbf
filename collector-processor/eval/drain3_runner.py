"""Runs the drain3 package on log lines and prints one cluster id per line.

Input (stdin): JSON {"systems": {"Name": ["line", ...]}}. Output (stdout):
JSON {"Name": [cluster_id, ...]}. Each system gets a fresh miner with drain3's
own defaults (depth 4, sim_th 0.4, max_children 100) and no masking, so the
comparison is with drain3 as it ships.
"""
import json
import sys

from drain3 import TemplateMiner
from drain3.template_miner_config import TemplateMinerConfig


def main() -> None:
    systems = json.load(sys.stdin)["systems"]
    out = {}
    for name, lines in systems.items():
        config = TemplateMinerConfig()
        config.profiling_enabled = False
        miner = TemplateMiner(config=config)
        # A line never changes cluster in Drain: the id it was given is its group.
        out[name] = [miner.add_log_message(line)["cluster_id"] for line in lines]
    json.dump(out, sys.stdout)

if __name__ == "__main__":
    main()
