package dev.flexmoe.policy;

import dev.flexmoe.archrules.ServiceArchitectureTest;

class ArchitectureTest extends ServiceArchitectureTest {}
