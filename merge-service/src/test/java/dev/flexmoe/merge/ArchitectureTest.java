package dev.flexmoe.merge;

import dev.flexmoe.archrules.ServiceArchitectureTest;

class ArchitectureTest extends ServiceArchitectureTest {}
