namespace MLEnergy.Simulation.Load;

/// <summary>
/// How the ML.ENERGY benchmark (v3) drives an LLM server: <paramref name="DistinctRequests"/> requests of the task's
/// dataset, the whole list sent <paramref name="Repeats"/> times over, every request at once (request rate ∞), so
/// that the server's waiting queue holds them all and admits them in order up to max_num_seqs. Its steady-state
/// window opens when max_num_seqs requests have had their first token and closes when all but max_num_seqs + 1 have
/// finished; energy, J/token, power and the running batch are measured over that window, while the inter-token
/// latency percentiles are taken over every token of every request (ramp-up and ramp-down included).
/// </summary>
/// <param name="DistinctRequests">Requests of the dataset (the benchmark's num_requests).</param>
/// <param name="Repeats">Times the list is sent (num_request_repeats); copies of a prompt share its KV blocks
/// through the server's prefix cache.</param>
/// <param name="ApiServers">API server processes the server ran (vLLM --api-server-count): each runs the multimodal
/// processor for its share of the requests.</param>
public sealed record BenchmarkProtocol(int DistinctRequests, int Repeats, int ApiServers = 1)
{
    /// <summary>Requests sent in all.</summary>
    public int TotalRequests => DistinctRequests * Repeats;

    /// <summary>
    /// Completed requests at which the steady-state window closes for this max_num_seqs (at least one).
    /// </summary>
    public int WindowEndCompletions(int maxNumSeqs) => Math.Max(1, TotalRequests - maxNumSeqs - 1);
}
