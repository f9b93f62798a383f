package dev.flexmoe.registry;

import dev.flexmoe.archrules.ServiceArchitectureTest;

class ArchitectureTest extends ServiceArchitectureTest {}
