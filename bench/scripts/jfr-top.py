#!/usr/bin/env python3
# Summarises a JFR recording: CPU samples by top frame and by 6-frame stack, allocation by site.
#   bench/scripts/jfr-top.py <recording.jfr> [rows]   (uses the JDK's jfr tool)
import subprocess, sys, re, collections
f=sys.argv[1]; n=int(sys.argv[2]) if len(sys.argv)>2 else 25
def frames(event, depth, weightkey=None):
    out=subprocess.run(['jfr','print','--events',event,'--stack-depth',str(depth),f],capture_output=True,text=True).stdout
    c=collections.Counter(); tot=0
    for block in out.split(event+' {')[1:]:
        st=re.findall(r'^\s+([\w$./<>]+\(.*?\)) line:', block, re.M)
        if not st: continue
        w=1
        if weightkey:
            m=re.search(weightkey+r' = ([\d.,]+) (\w+)', block)
            if m:
                v=float(m.group(1).replace(',','')); u=m.group(2)
                w=v*{'bytes':1,'kB':1024,'MB':1024**2,'GB':1024**3}.get(u,1)
        key=' < '.join(s.split('(')[0] for s in st[:depth])
        c[key]+=w; tot+=w
    return c,tot
c,t=frames('jdk.ExecutionSample',1)
print(f"== CPU samples (top frame), total {t}")
for k,v in c.most_common(n): print(f"{100*v/t:5.1f}%  {k}")
c,t=frames('jdk.ExecutionSample',6)
print(f"== CPU samples by 6-frame stack, total {t}")
for k,v in c.most_common(12): print(f"{100*v/t:5.1f}%  {k}")
c,t=frames('jdk.ObjectAllocationSample',4,'weight')
print(f"== allocation (sampled weight), total {t/1024/1024:.0f} MB")
for k,v in c.most_common(n): print(f"{100*v/t:5.1f}%  {k}")
