#!/usr/bin/env python3
# Summarises an async-profiler CPU profile in collapsed form (event=cpu, 1 ms, with threads): user
# and kernel samples in all and per write, samples by thread, the top frames by self samples, and
# the inclusive share of the write path's parts, each also in microseconds per write (user +
# kernel: a sample whose leaf frame is the kernel's counts as kernel).
#   bench/scripts/collapsed-top.py <cpu.collapsed> <writes in the profile's window> [rows]
import collections, re, sys

path = sys.argv[1]
writes = int(sys.argv[2])
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 20
# inclusive markers: a sample counts once for each marker found anywhere on its stack
MARKERS = [
    ("the socket write (write, sendto or writev; kernel)", r"(?:__x64_sys_writev|do_writev|__x64_sys_write|ksys_write|__x64_sys_sendto|__sys_sendto)_\[k\]"),
    ("  of it the receiver's TCP (tcp_v4_rcv)", r"tcp_v4_rcv_\[k\]"),
    ("  of it waking the reader (sock_def_readable)", r"sock_def_readable_\[k\]"),
    ("the scheduler (schedule)", r"(?:^|;)schedule_\[k\]"),
    ("epoll_wait (idle loops)", r"epoll_wait"),
    ("ResponseWriter.onItem", r"ResponseWriter\.onItem"),
    ("ChunkChannel.write (raw chunk to the channel)", r"ChunkChannel\.write"),
    ("Http1xServerResponse.write (Vert.x path)", r"Http1xServerResponse\.write"),
    ("HttpObjectEncoder", r"HttpObjectEncoder"),
    ("IdleStateHandler", r"IdleStateHandler"),
    ("ClientStream.turn", r"ClientStream\.turn"),
    ("RecordDelivery", r"RecordDelivery"),
    ("SharedJoin", r"SharedJoin"),
    ("LoopSignals", r"LoopSignals"),
    ("TopicTail (the reader)", r"TopicTail|PollLoop"),
]

total = kernel = 0
self_frames = collections.Counter()
threads = collections.Counter()
marked = collections.Counter()
marked_kernel = collections.Counter()
with open(path) as f:
    for line in f:
        line = line.rstrip("\n")
        if not line:
            continue
        stack, _, count = line.rpartition(" ")
        n = int(count)
        frames = stack.split(";")
        total += n
        leaf = frames[-1]
        if leaf.endswith("_[k]"):
            kernel += n
        self_frames[leaf] += n
        if frames[0].startswith("["):
            name = re.sub(r"\s*tid=\d+\]$", "]", frames[0])
            threads[re.sub(r"-?\d+\]$", "]", name)] += n
        for label, pattern in MARKERS:
            if re.search(pattern, stack):
                marked[label] += n
                if leaf.endswith("_[k]"):
                    marked_kernel[label] += n

if total == 0:
    print("no samples")
    sys.exit(0)
user = total - kernel
print(f"samples {total} (1 ms each): user {user} ({100*user/total:.1f} %), kernel {kernel} ({100*kernel/total:.1f} %)")
if writes > 0:
    print(f"per write ({writes} writes): user {1000*user/writes:.1f} us, kernel {1000*kernel/writes:.1f} us, all {1000*total/writes:.1f} us")
print("== by thread")
for name, n in threads.most_common(8):
    print(f"{100*n/total:5.1f}%  {name}")
print("== the write path's parts (inclusive; per write: user + kernel)")
for label, _ in MARKERS:
    per = ""
    if writes > 0:
        k = marked_kernel[label]
        per = f"  {1000*(marked[label]-k)/writes:6.2f} + {1000*k/writes:6.2f} us"
    print(f"{100*marked[label]/total:5.1f}%{per}  {label}")
print(f"== top {rows} frames by self samples")
for frame, n in self_frames.most_common(rows):
    print(f"{100*n/total:5.1f}%  {frame}")
