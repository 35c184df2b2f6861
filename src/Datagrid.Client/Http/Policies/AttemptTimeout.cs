namespace Datagrid.Http.Policies;

/// <summary>
/// The timeout of one attempt: a cancellation source with no timer of its own and the attempt's deadline, which
/// <see cref="AttemptTimeouts"/> (one timer for the whole pipeline) checks. Starting, pausing and ending an attempt
/// are single writes to this object, so no lock is shared between concurrent calls (a timer per attempt took the
/// runtime's timer-queue lock twice per call: 1-2 % of a call at 64 concurrent).
/// </summary>
internal sealed class AttemptTimeout
{
    /// <summary>No attempt uses it (in the pool).</summary>
    internal const long Idle = 0;

    /// <summary>The attempt waits for a limiter permit: its time does not run.</summary>
    internal const long Paused = long.MaxValue;

    /// <summary>The deadline passed and the source is being (or has been) cancelled.</summary>
    internal const long Fired = long.MinValue;

    private long _deadline = Idle;

    public AttemptTimeout(AttemptTimeouts owner) => Owner = owner;

    /// <summary>The pipeline's timeouts this one belongs to (and is pooled by).</summary>
    public AttemptTimeouts Owner { get; }

    /// <summary>Cancelled when the deadline passes; replaced after it fired (a cancelled source cannot be reused).</summary>
    public CancellationTokenSource Source { get; private set; } = new();

    public CancellationToken Token => Source.Token;

    /// <summary>True once this attempt's time ran out.</summary>
    public bool TimedOut => Source.IsCancellationRequested;

    /// <summary>The timestamp (of the client's <see cref="TimeProvider"/>) the attempt must end by, or a state constant.</summary>
    internal long Deadline => Volatile.Read(ref _deadline);

    /// <summary>(Re)starts the full timeout from now.</summary>
    public void Start() => Owner.Arm(this);

    /// <summary>Stops the time while the attempt waits for a permit.</summary>
    public void Pause() => Set(Paused);

    /// <summary>
    /// Sets the state; false if the deadline already fired (the source stays cancelled), or if the object is back in
    /// the pool (<paramref name="fromIdle"/> false: a late start from a request of an attempt that already ended, as
    /// a hedged one may be, must not arm a pooled object).
    /// </summary>
    internal bool Set(long deadline, bool fromIdle = false)
    {
        var seen = Volatile.Read(ref _deadline);
        while (seen != Fired && (fromIdle || seen != Idle))
        {
            // A full fence: the pipeline's timer, which clears its "armed" flag and then reads deadlines, and an
            // attempt, which writes its deadline and then reads the flag, cannot both miss each other.
            var previous = Interlocked.CompareExchange(ref _deadline, deadline, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }

        return false;
    }

    /// <summary>The timer's side: claims a deadline that has passed, unless the attempt moved on meanwhile.</summary>
    internal bool TryFire(long seen) => seen is not (Idle or Paused or Fired) && Interlocked.CompareExchange(ref _deadline, Fired, seen) == seen;

    /// <summary>Ends the attempt, leaving the object ready for the next one.</summary>
    internal void End()
    {
#if NET
        if (Interlocked.Exchange(ref _deadline, Idle) != Fired && Source.TryReset())
        {
            return;
        }
#else
        // No CancellationTokenSource.TryReset on .NET Standard 2.0 (it also drops the attempt's registrations): every
        // attempt gets a fresh source, one allocation more per attempt than on .NET 10.
        Interlocked.Exchange(ref _deadline, Idle);
#endif

        // It fired (or is firing on the timer's thread right now, which cancels the source it read before claiming
        // the deadline): that source stays cancelled, a fresh one serves the next attempt. The old one holds no
        // timer, so the collector takes it.
        Source = new CancellationTokenSource();
    }
}
