import cProfile, pstats, sys, time, asyncio
import bench.erasure as B
orig = B.lifecycle_remove
async def prof(settings, footage):
    pr = cProfile.Profile(); pr.enable()
    t0=time.process_time()
    try: return await orig(settings, footage)
    finally:
        pr.disable(); print("cpu", time.process_time()-t0, file=sys.stderr)
        pstats.Stats(pr, stream=sys.stderr).sort_stats("tottime").print_stats(25)
B.lifecycle_remove = prof
async def nostop(settings): return 0.0
B.stop_running_s = nostop
sys.argv=["x","--footage","1000"]
B.cli()
