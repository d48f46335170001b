namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// Retransmits a 2xx to INVITE until the ACK arrives: at T1, then doubling up to T2, on every transport, because
/// the ACK is end to end (RFC 3261 §13.3.1.4). Gives up after 64*T1 and reports the timeout.
/// </summary>
public sealed class TwoXxRetransmitter : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action _resend;
    private readonly Action _timedOut;
    private readonly TimeSpan _t2;
    private readonly long _started;
    private readonly TimeSpan _giveUpAfter;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private TimeSpan _interval;
    private bool _stopped;

    public TwoXxRetransmitter(TimeProvider time, TimeSpan t1, TimeSpan t2, Action resend, Action timedOut)
    {
        _time = time;
        _resend = resend;
        _timedOut = timedOut;
        _t2 = t2;
        _interval = t1;
        _giveUpAfter = t1 * 64;
        _started = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Tick(), null, _interval, Timeout.InfiniteTimeSpan);
    }

    public int Retransmissions { get; private set; }

    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose() => Stop();

    private void Tick()
    {
        bool giveUp;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            giveUp = _time.GetElapsedTime(_started) >= _giveUpAfter;
            if (giveUp)
            {
                _stopped = true;
                _timer?.Dispose();
                _timer = null;
            }
            else
            {
                Retransmissions++;
                _interval = _interval * 2 > _t2 ? _t2 : _interval * 2;

                // The last wait is cut short so the give-up happens at exactly 64*T1.
                var remaining = _giveUpAfter - _time.GetElapsedTime(_started);
                _timer?.Change(remaining < _interval ? remaining : _interval, Timeout.InfiniteTimeSpan);
            }
        }

        if (giveUp)
        {
            _timedOut();
        }
        else
        {
            _resend();
        }
    }
}
