package dev.flexmoe.reproduce;

import java.util.List;

/**
 * Where the merged model sends each domain's tokens: {@code share[domain][layer][expert]} is the
 * fraction of the domain's tokens for which the expert was among the top-k in that layer (the
 * paper's Figure 2).
 *
 * @param domains evaluation domains (rows of the heatmap)
 * @param experts expert names in router-row order ("public" first)
 */
public record RoutingTable(List<String> domains, List<String> experts, double[][][] share) {

  public RoutingTable {
    domains = List.copyOf(domains);
    experts = List.copyOf(experts);
    if (share.length != domains.size()) {
      throw new IllegalArgumentException("one share matrix per domain");
    }
  }

  public int layers() {
    return share.length == 0 ? 0 : share[0].length;
  }

  /** The share of a domain's tokens an expert served, averaged over layers. */
  public double meanShare(int domain, int expert) {
    double sum = 0;
    for (double[] layer : share[domain]) {
      sum += layer[expert];
    }
    return sum / layers();
  }
}
