namespace CorrelationHub.TestSupport;

/// <summary>Waits for a condition that real I/O makes true, with a deadline as a hang guard (never a fixed delay).</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}. Last value: {last}");
            }

            await Task.Yield();
            await Task.Delay(50);
            last = await probe();
        }

        return last;
    }
}
