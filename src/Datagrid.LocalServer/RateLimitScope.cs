namespace Datagrid.LocalServer;

/// <summary>
/// What one sliding window is kept for: Datagrid scopes limits per teamspace, endpoint path and method; the token
/// is part of the scope too so two keys used without a teamspace header do not share a window.
/// </summary>
public readonly record struct RateLimitScope(string Token, string Teamspace, string PathTemplate, string Method);
