namespace MusicVideo.Durable;

/// <summary>A declarative retry policy: attempts separated by durable timers with exponential back-off.</summary>
public sealed class RetryPolicy
{
    /// <summary>Initializes a new instance of the <see cref="RetryPolicy"/> class.</summary>
    /// <param name="maxNumberOfAttempts">The total number of attempts, including the first.</param>
    /// <param name="firstRetryInterval">The delay before the first retry.</param>
    /// <param name="backoffCoefficient">The factor applied to the delay after each retry (at least 1).</param>
    /// <param name="maxRetryInterval">The largest delay between attempts (default one hour).</param>
    /// <param name="retryTimeout">The time after the first attempt beyond which no retry is made (default infinite).</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        if (maxNumberOfAttempts <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, "The number of attempts must be at least 1.");
        }

        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be positive.");
        }

        if (backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be at least 1.0.");
        }

        var max = maxRetryInterval ?? TimeSpan.FromHours(1);
        if (max != Timeout.InfiniteTimeSpan && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "The maximum retry interval must not be smaller than the first retry interval.");
        }

        var timeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
        if (timeout != Timeout.InfiniteTimeSpan && timeout < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), timeout, "The retry timeout must not be smaller than the first retry interval.");
        }

        this.MaxNumberOfAttempts = maxNumberOfAttempts;
        this.FirstRetryInterval = firstRetryInterval;
        this.BackoffCoefficient = backoffCoefficient;
        this.MaxRetryInterval = max;
        this.RetryTimeout = timeout;
    }

    /// <summary>Gets the total number of attempts, including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Gets the delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Gets the factor applied to the delay after each retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Gets the largest delay between attempts.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Gets the time after the first attempt beyond which no retry is made.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>Gets a predicate deciding whether a failure is retried (default: every retriable failure).</summary>
    public Func<TaskFailureDetails, bool> HandleFailure { get; init; } = static _ => true;

    /// <summary>Returns the delay before the retry that follows the given zero-based failed attempt.</summary>
    public TimeSpan GetDelay(int failedAttempt)
    {
        double ticks = this.FirstRetryInterval.Ticks * Math.Pow(this.BackoffCoefficient, failedAttempt);
        var delay = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
        return this.MaxRetryInterval != Timeout.InfiniteTimeSpan && delay > this.MaxRetryInterval ? this.MaxRetryInterval : delay;
    }
}
