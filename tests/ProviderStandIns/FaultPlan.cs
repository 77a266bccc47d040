namespace MusicVideo.ProviderStandIns;

/// <summary>The faults a stand-in injects, decided per request (seeded, so a run is repeatable); rules are tried in the order added.</summary>
public sealed class FaultPlan
{
    readonly Lock _gate = new();
    readonly List<(FaultRule Rule, int Hits)> _rules = [];
    readonly Random _random;

    /// <summary>Creates an empty plan whose random draws start from <paramref name="seed"/>.</summary>
    public FaultPlan(int seed = 11) => _random = new Random(seed);

    /// <summary>How many requests each kind of fault hit so far.</summary>
    public int Injected(FaultKind kind)
    {
        lock (_gate)
        {
            return _rules.Where(r => r.Rule.Kind == kind).Sum(r => r.Hits);
        }
    }

    /// <summary>Adds a rule.</summary>
    public FaultPlan Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _rules.Add((rule, 0));
        }

        return this;
    }

    /// <summary>Removes every rule (a test's faults end, later requests succeed).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rule that hits this request, if any (counted as hit).</summary>
    public FaultRule? Decide(string method, string path, string body)
    {
        lock (_gate)
        {
            for (int i = 0; i < _rules.Count; i++)
            {
                var (rule, hits) = _rules[i];
                if ((rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
                    && (rule.Path?.Invoke(path) ?? true)
                    && (rule.Body?.Invoke(body) ?? true)
                    && (rule.Times is null || hits < rule.Times)
                    && (rule.Probability >= 1 || _random.NextDouble() < rule.Probability))
                {
                    _rules[i] = (rule, hits + 1);
                    return rule;
                }
            }

            return null;
        }
    }
}
